"""The seed archive (fixtures/seed.json): what it holds, and that it is faithful to the three
source articles (their texts, when present beside the project)."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import (
    Actor,
    Alias,
    Article,
    Event,
    EventActor,
    Mention,
    Precision,
    Source,
    Topic,
)
from articles.text import normalize

SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"
FURNITURE = [
    "Subscribe",
    "Newsletter",
    "Written by",
    "filed under",
    "Free from fear or favour",
    "No tracking",
    "Source: Ocnus.net",
    "By Sam Skove",
    "Getty Images",
    "Photo:",
    "Brad Blitz",
    "Jasmin Mujanovic",
]
FP_TITLE = "Meet the Belarusian Regiment Fighting for Ukraine"
BT_TITLE = "Belarus is Complicit in Russia’s War Crimes and Should be Punished Accordingly"
NW_TITLE = "Belarusian Border Guard Abandons Post to Fight With Ukraine: Report"


@pytest.fixture
def seeded(seed_for_module, db):
    """conftest's `seeded`, loaded once: each test runs in a savepoint over the module's seed."""


def seed_texts():
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed documents are not at {SEEDS_DIR}")
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))]


def seed_text_for(article):
    """The seed document whose headline is the article's title."""
    matches = [text for text in seed_texts() if article.title in text]
    assert len(matches) == 1, article.title
    return matches[0]


def archive_counts():
    models = [Source, Topic, Actor, Alias, Article, Mention, Event, EventActor]
    return {model.__name__: model.objects.count() for model in models} | {
        "Alias history": Alias.history.count(),
        "article topics": Article.topics.through.objects.count(),
        "event articles": Event.articles.through.objects.count(),
    }


def test_seed_holds_what_issue_2_asks(seeded):
    assert Article.objects.published().count() == 3
    assert Actor.objects.count() >= 20
    assert Event.objects.count() >= 8
    assert Topic.objects.count() >= 5
    assert Topic.objects.filter(parent__isnull=False).exists()
    assert Source.objects.count() >= 6


def test_loading_the_seed_again_changes_nothing(seeded):
    before = archive_counts()
    call_command("seed", verbosity=0)
    assert archive_counts() == before


LUKASHENKO_SPELLINGS = [
    "Lukashenko",
    "Lukashenka",
    "Alexander Lukashenko",
    "Aleksandr Lukashenko",
    "Aliaksandr Lukashenka",
    "Alexander Lukashenka",
    "Alyaksandr Lukashenka",
    "Лукашенко",
    "Лукашэнка",
    "Аляксандр Лукашэнка",
    "Александр Лукашенко",
    "Олександр Лукашенко",
    "LUKASHENKA",
]
REGIMENT_SPELLINGS = [
    "Kalinouski Regiment",
    "Kalinowski regiment",
    "Kalinovsky regiment",
    "Kastus Kalinouski regiment",
    "Kastuś Kalinoŭski Regiment",
    "Полк Кастуся Каліноўскага",
    "Полк Калиновского",
    "Полк Калиновського",
]


# One test per actor, not per spelling: each test loads the whole seed.
def test_every_spelling_of_lukashenko_is_one_actor(seeded):
    found = {
        spelling: [a.slug for a in Actor.objects.matching(spelling)]
        for spelling in LUKASHENKO_SPELLINGS
    }
    assert found == {spelling: ["alexander-lukashenko"] for spelling in LUKASHENKO_SPELLINGS}


def test_every_spelling_of_the_regiment_is_one_actor(seeded):
    found = {
        spelling: [a.slug for a in Actor.objects.matching(spelling)]
        for spelling in REGIMENT_SPELLINGS
    }
    assert found == {spelling: ["kastus-kalinouski-regiment"] for spelling in REGIMENT_SPELLINGS}


def test_the_regiment_belongs_to_ukraines_military_intelligence(seeded):
    regiment = Actor.objects.get(slug="kastus-kalinouski-regiment")
    assert regiment.parent.slug == "main-intelligence-directorate-hur"
    assert regiment.parent.parent.slug == "ministry-of-defence-of-ukraine"
    assert set(regiment.members.values_list("slug", flat=True)) >= {
        "litvin-battalion",
        "volat-battalion",
    }


def test_the_bare_surname_names_the_revolutionary_only_with_context(seeded):
    # "Kalinouski" alone is the 19th-century revolutionary, after whom the regiment is named.
    assert list(Actor.objects.matching("Kalinouski").values_list("slug", flat=True)) == [
        "kastus-kalinouski"
    ]
    assert Alias.objects.get(name="Kalinouski").context_only


def test_every_actor_has_its_name_as_official_alias(seeded):
    for actor in Actor.objects.prefetch_related("aliases"):
        official = [a.name for a in actor.aliases.all() if a.kind == Alias.Kind.OFFICIAL]
        assert actor.name in official, actor
        assert actor.summary, actor
        assert actor.kind, actor


def test_alias_keys_are_recomputed_after_loading(seeded):
    for alias in Alias.objects.all():
        assert alias.normalized == normalize(alias.name), alias


def test_no_spelling_points_at_two_actors(seeded):
    owners = {}
    for key, actor_id in Alias.objects.values_list("normalized", "actor_id"):
        assert owners.setdefault(key, actor_id) == actor_id, key


def test_foreign_policy_piece_was_retrieved_from_ocnus(seeded):
    article = Article.objects.get(title=FP_TITLE)
    assert article.source.slug == "foreign-policy"
    assert article.retrieved_from.name == "Ocnus.net"
    assert article.retrieved_from.kind == Source.Kind.AGGREGATOR
    assert article.byline == "Sam Skove"
    assert article.date_display == "20 February 2023"
    assert "Ocnus.net 2022" in article.date_note
    assert article.standfirst == "Someday, soldiers hope to return home and topple Lukashenko."
    assert list(article.cited_sources.values_list("slug", flat=True)) == ["deutsche-welle"]


def test_byline_times_piece_has_no_byline_and_no_day(seeded):
    article = Article.objects.get(title=BT_TITLE)
    assert article.source.slug == "byline-times"
    assert article.byline == ""
    assert article.published_precision != Precision.DAY
    assert article.date_display == "August 2023"
    assert "nineteenth month" in article.date_note
    assert set(article.cited_sources.values_list("slug", flat=True)) == {
        "the-guardian",
        "business-insider",
        "daily-express",
    }


def test_newsweek_piece_has_an_inferred_month(seeded):
    article = Article.objects.get(title=NW_TITLE)
    assert article.byline == ""
    assert article.date_display == "July 2022"
    assert "11 July" in article.date_note
    assert set(article.cited_sources.values_list("slug", flat=True)) == {
        "ukrainska-pravda",
        "radio-free-europe-radio-liberty",
        "institute-for-the-study-of-war",
        "daily-express",
    }


def test_border_guard_crossing_is_denied_with_a_note(seeded):
    event = Event.objects.get(slug="belarusian-border-guard-crosses-into-ukraine")
    assert event.status == Event.Status.DENIED
    assert "State Border Committee" in event.status_note
    assert "Demchenko" in event.status_note
    assert event.date_display == "29 June 2022"
    roles = set(event.participants.values_list("actor__slug", "role"))
    assert ("state-border-service-of-ukraine", EventActor.Role.CLAIMANT) in roles
    assert ("state-border-committee-of-belarus", EventActor.Role.DENIER) in roles
    assert list(event.articles.values_list("title", flat=True)) == [NW_TITLE]


def test_every_event_is_reported_by_an_article_and_names_actors(seeded):
    for event in Event.objects.prefetch_related("articles", "participants"):
        assert event.articles.exists(), event
        assert event.participants.exists(), event
        assert event.status_note, event
        assert event.start_date is not None, event


def test_every_actor_in_an_event_is_mentioned_by_its_articles(seeded):
    for link in EventActor.objects.select_related("event", "actor"):
        mentioned = Mention.objects.filter(article__events=link.event, actor=link.actor)
        assert mentioned.exists(), link


def test_mentions_are_editors_and_name_the_main_actors(seeded):
    assert not Mention.objects.exclude(origin=Mention.Origin.EDITOR).exists()
    assert not Mention.objects.filter(rejected=True).exists()
    lukashenko = Actor.objects.get(slug="alexander-lukashenko")
    assert Article.objects.mentioning(lukashenko).count() == 3
    regiment = Actor.objects.get(slug="kastus-kalinouski-regiment")
    assert list(Article.objects.mentioning(regiment).values_list("title", flat=True)) == [FP_TITLE]


def test_body_hashes_match_the_bodies(seeded):
    for article in Article.objects.all():
        assert article.body_sha256 == hashlib.sha256(article.body.encode("utf-8")).hexdigest()


def test_bodies_carry_no_page_furniture(seeded):
    left = [
        (article.title, f)
        for article in Article.objects.all()
        for f in FURNITURE
        if f in article.body
    ]
    assert left == []


def test_bodies_are_the_seed_paragraphs_verbatim(seeded):
    for article in Article.objects.all():
        source_text = seed_text_for(article)
        paragraphs = article.body.split("\n\n")
        assert len(paragraphs) >= 10, article
        for paragraph in paragraphs:
            assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph, paragraph
            assert paragraph in source_text, paragraph
        assert article.paragraphs == paragraphs


def test_byline_times_keeps_its_subheadings_and_ends_where_the_article_ends(seeded):
    paragraphs = Article.objects.get(title=BT_TITLE).paragraphs
    assert "Forced Transfer of Children" in paragraphs
    assert "Appropriate Remedies" in paragraphs
    assert paragraphs[0].startswith("When the Russian invasion of Ukraine began")
    assert paragraphs[-1].endswith("It is time for Belarus to face a similar fate.")
