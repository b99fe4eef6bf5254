"""The models: what the database refuses, what is derived on save, how dates display."""

import datetime
import hashlib

import pytest
from django.db import IntegrityError, transaction

from articles.models import Actor, Alias, Article, Event, Precision, Source, Topic
from articles.models.dates import display_date, iso_partial, parse_partial_date


@pytest.fixture
def source(db):
    """A publisher to hang articles on."""
    return Source.objects.create(name="Newsweek")


def make_article(source, **fields):
    values = {
        "title": "A report",
        "body": "One.\n\nTwo.",
        "published_on": datetime.date(2022, 7, 13),
    }
    return Article.objects.create(source=source, **(values | fields))


# ---------------------------------------------------------------- constraints


def test_original_url_is_unique_when_given(source):
    make_article(source, original_url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(source, title="Another", original_url="https://example.org/a")


def test_many_articles_may_have_no_original_url(source):
    make_article(source, original_url="")
    make_article(source, title="Another", original_url="")
    assert Article.objects.filter(original_url="").count() == 2


def test_event_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            title="Backwards",
            start_date=datetime.date(2023, 7, 2),
            end_date=datetime.date(2023, 7, 1),
        )
    Event.objects.create(
        title="One day", start_date=datetime.date(2023, 7, 1), end_date=datetime.date(2023, 7, 1)
    )
    assert Event.objects.count() == 1


def test_unknown_precision_cannot_carry_a_date(source):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(source, published_precision=Precision.UNKNOWN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            title="Undated", start_date=datetime.date(2023, 1, 1), date_precision=Precision.UNKNOWN
        )


def test_a_known_precision_needs_a_date(source):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(source, published_on=None, published_precision=Precision.MONTH)
    article = make_article(source, published_on=None, published_precision=Precision.UNKNOWN)
    assert article.date_display == "Date unknown"


@pytest.mark.parametrize("bad", ["12345", "Q0", "q42", "Q12a", "P31"])
def test_wikidata_id_must_look_like_one(db, bad):
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.create(name="Somebody", kind=Actor.Kind.PERSON, wikidata_id=bad)


def test_wikidata_id_may_be_empty_or_valid(db):
    Actor.objects.create(name="Belarus", kind=Actor.Kind.STATE, wikidata_id="Q184")
    Actor.objects.create(name="Nobody", kind=Actor.Kind.PERSON, wikidata_id="")
    assert Actor.objects.count() == 2


def test_an_actor_cannot_have_the_same_alias_twice(db):
    actor = Actor.objects.create(name="Alexander Lukashenko", kind=Actor.Kind.PERSON)
    Alias.objects.create(actor=actor, name="Lukashenka")
    with pytest.raises(IntegrityError), transaction.atomic():
        Alias.objects.create(actor=actor, name="Lukashenka")


# ---------------------------------------------------------------- derived fields


def test_body_hash_is_computed_on_save_and_follows_edits(source):
    article = make_article(source, body="First paragraph.")
    assert article.body_sha256 == hashlib.sha256(b"First paragraph.").hexdigest()
    article.body = "First paragraph.\n\nA correction."
    article.save()
    article.refresh_from_db()
    assert article.body_sha256 == hashlib.sha256(b"First paragraph.\n\nA correction.").hexdigest()


def test_slug_is_generated_and_kept_unique(source):
    first = make_article(source, title="Belarus is Complicit in Russia’s War Crimes")
    second = make_article(source, title="Belarus is complicit in Russia's war crimes")
    third = make_article(source, title="Belarus is Complicit in Russia’s War Crimes!")
    assert first.slug == "belarus-is-complicit-in-russias-war-crimes"
    assert second.slug == "belarus-is-complicit-in-russias-war-crimes-2"
    assert third.slug == "belarus-is-complicit-in-russias-war-crimes-3"
    second.title = "Edited title"
    second.save()
    assert second.slug == "belarus-is-complicit-in-russias-war-crimes-2", (
        "an existing slug never changes"
    )


def test_slug_from_a_cyrillic_title_is_ascii_and_reversible(source):
    first = make_article(source, title="Аляксандр Лукашэнка")
    second = make_article(source, title="Аляксандр Лукашэнка")
    assert first.slug == "aliaksandr-lukashenka"
    assert second.slug == "aliaksandr-lukashenka-2"
    assert first.get_absolute_url() == "/articles/aliaksandr-lukashenka/"


def test_slugs_for_actors_topics_and_events(db):
    actor = Actor.objects.create(name="Полк Калиновского", kind=Actor.Kind.ARMED_UNIT)
    topic = Topic.objects.create(name="Forced transfer of Ukrainian children")
    event = Event.objects.create(title="ICC warrants", start_date=datetime.date(2023, 3, 17))
    assert (actor.slug, topic.slug, event.slug) == (
        "polk-kalinovskogo",
        "forced-transfer-of-ukrainian-children",
        "icc-warrants",
    )


def test_slug_falls_back_when_the_title_has_no_letters_it_can_spell(source):
    article = make_article(source, title="《》")
    assert article.slug == "article"


def test_alias_keeps_its_folded_key(db):
    actor = Actor.objects.create(name="Kastus Kalinouski Regiment", kind=Actor.Kind.ARMED_UNIT)
    alias = Alias.objects.create(actor=actor, name="Kastuś Kalinoŭski’s")
    assert alias.normalized == "kastus kalinouskis"
    assert list(Actor.objects.matching("KASTUS KALINOUSKI’S")) == [actor]
    assert not Actor.objects.matching("   ").exists()


@pytest.mark.parametrize(
    "precision, expected",
    [
        (Precision.DAY, datetime.date(2022, 7, 13)),
        (Precision.MONTH, datetime.date(2022, 7, 1)),
        (Precision.YEAR, datetime.date(2022, 1, 1)),
    ],
)
def test_partial_dates_are_stored_as_the_first_day_of_their_period(source, precision, expected):
    article = make_article(
        source, published_on=datetime.date(2022, 7, 13), published_precision=precision
    )
    event = Event.objects.create(
        title="E", start_date=datetime.date(2022, 7, 13), date_precision=precision
    )
    article.refresh_from_db()
    event.refresh_from_db()
    assert article.published_on == expected
    assert event.start_date == expected


# ---------------------------------------------------------------- dates by precision


@pytest.mark.parametrize(
    "precision, shown, iso",
    [
        (Precision.DAY, "13 July 2022", "2022-07-13"),
        (Precision.MONTH, "July 2022", "2022-07"),
        (Precision.YEAR, "2022", "2022"),
        (Precision.UNKNOWN, "Date unknown", ""),
    ],
)
def test_dates_display_by_precision(precision, shown, iso):
    value = datetime.date(2022, 7, 13)
    assert display_date(value, precision) == shown
    assert iso_partial(value, precision) == iso


def test_a_missing_date_displays_as_unknown():
    assert display_date(None, Precision.DAY) == "Date unknown"


def test_article_and_event_display_their_dates(source):
    article = make_article(
        source, published_on=datetime.date(2023, 8, 17), published_precision=Precision.MONTH
    )
    assert article.date_display == "August 2023"
    assert article.date_iso == "2023-08"
    event = Event.objects.create(
        title="Mutiny", start_date=datetime.date(2023, 6, 23), end_date=datetime.date(2023, 6, 24)
    )
    assert event.date_display == "23 June 2023 – 24 June 2023"


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("2022-07-13", datetime.date(2022, 7, 13), Precision.DAY),
        ("2022-07", datetime.date(2022, 7, 1), Precision.MONTH),
        ("2022", datetime.date(2022, 1, 1), Precision.YEAR),
        (" 2023-02-20 ", datetime.date(2023, 2, 20), Precision.DAY),
    ],
)
def test_parse_partial_date(text, value, precision):
    assert parse_partial_date(text) == (value, precision)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        None,
        "2022-13",
        "2022-02-30",
        "22-07-13",
        "July 2022",
        "2022/07/13",
        "2022-7",
        "2022-07-13T00:00",
    ],
)
def test_parse_partial_date_rejects_anything_else(bad):
    with pytest.raises(ValueError):
        parse_partial_date(bad)


def test_an_event_within_its_period_shows_one_date_and_a_partial_iso_date(db):
    year = Event(
        title="x",
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2022, 9, 1),
        date_precision=Precision.YEAR,
    )
    assert year.date_display == "2022"
    assert year.date_iso == "2022"
    month = Event(title="y", start_date=datetime.date(2022, 3, 1), date_precision=Precision.MONTH)
    assert month.date_iso == "2022-03"
    span = Event(
        title="z",
        start_date=datetime.date(2022, 3, 1),
        end_date=datetime.date(2022, 5, 1),
        date_precision=Precision.MONTH,
    )
    assert span.date_display == "March 2022 – May 2022"


def test_the_timeline_puts_a_year_precise_event_before_that_january(db):
    from articles.views.events import timeline

    Event.objects.create(title="a", start_date=datetime.date(2022, 1, 1), date_precision="day")
    Event.objects.create(title="b", start_date=datetime.date(2022, 1, 1), date_precision="year")
    Event.objects.create(title="c", start_date=datetime.date(2022, 1, 9), date_precision="day")
    (year,) = timeline(Event.objects.chronological())
    assert [month["label"] for month in year["months"]] == ["Sometime in 2022", "January 2022"]


def test_a_choice_is_shown_by_its_label_in_the_language_of_the_moment():
    """Labels come from a table made once per field, translated each time they are shown."""
    from django.utils import translation

    actor = Actor(name="Test", kind=Actor.Kind.PERSON, country="BY")
    shown = {}
    for language in ("en", "be", "uk", "en"):
        with translation.override(language):
            shown[language] = (actor.get_kind_display(), actor.get_country_display())
    assert shown == {
        "en": ("Person", "Belarus"),
        "be": ("Асоба", "Беларусь"),
        "uk": ("Особа", "Білорусь"),
    }
    actor.country = "ZZ"  # not a choice (an old row, say): shown as stored
    assert actor.get_country_display() == "ZZ"
    assert Alias(name="Лукашэнка", language="be").get_language_display() == "Belarusian (Cyrillic)"
