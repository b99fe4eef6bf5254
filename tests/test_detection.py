"""Mention detection: actors found from their aliases, never over an editor's decision."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import detection
from articles.detection import Matcher, detect_mentions
from articles.models import Actor, Alias, Article, Mention, Source

BORDER_GUARD = "belarusian-border-guard-abandons-post-to-fight-with-ukraine-report"
REGIMENT_PIECE = "meet-the-belarusian-regiment-fighting-for-ukraine"
COMPLICIT = "belarus-is-complicit-in-russias-war-crimes-and-should-be-punished-accordingly"
ALL_SEEDS = {BORDER_GUARD, REGIMENT_PIECE, COMPLICIT}

LUKASHENKO, PUTIN, REGIMENT, KYIV = 1, 2, 3, 4
MATCHER = Matcher(
    [
        (LUKASHENKO, "Alexander Lukashenko", False),
        (LUKASHENKO, "Lukashenko", False),
        (LUKASHENKO, "Lukashenka", False),
        (LUKASHENKO, "Лукашэнка", False),
        (LUKASHENKO, "Лукашенко", False),
        (PUTIN, "Путин", False),
        (PUTIN, "Putin", False),
        (REGIMENT, "Kastuś Kalinoŭski Regiment", False),
        (REGIMENT, "Kalinouski", False),
        (KYIV, "Київ", False),
    ]
)


@pytest.mark.parametrize(
    "text, counts",
    [
        ("Lukashenko's regime and Lukashenko’s army", {LUKASHENKO: 2}),
        ("a Lukashenko-led state", {LUKASHENKO: 1}),
        # Capitals or not as written, but a proper name needs its capital: "путина" is a season.
        ("LUKASHENKA, Lukashenka and lukashenka", {LUKASHENKO: 2}),
        # One mention, not two: the longest alias at a place wins.
        ("President Alexander Lukashenko said", {LUKASHENKO: 1}),
        # Word boundaries: a longer word is not the name.
        ("Lukashenkovich and Putinism", {}),
        ("the Kastus Kalinouski regiment; Kalinoŭski’s men", {REGIMENT: 2}),
        # Belarusian and Russian case endings on names of five letters or more.
        ("Лукашэнкі, Лукашэнку, Лукашэнкам, Лукашенко", {LUKASHENKO: 4}),
        ("Путин и Путина", {PUTIN: 2}),
        # A name the dictionaries know is found in every form of its paradigm.
        ("Київ і Києва, у Києві", {KYIV: 3}),
        ("", {}),
    ],
)
def test_matcher_counts_each_naming(text, counts):
    assert dict(MATCHER.count(text)) == counts


def test_an_empty_alias_table_matches_nothing():
    assert dict(Matcher([]).count("Lukashenko")) == {}


def _detected():
    """{article slug: {actor slug: count}} of the detected mentions."""
    found = {}
    for mention in Mention.objects.filter(origin="detected").select_related("article", "actor"):
        found.setdefault(mention.article.slug, {})[mention.actor.slug] = mention.count
    return found


def _articles_naming(actor_slug):
    return set(
        Mention.objects.filter(actor__slug=actor_slug, rejected=False).values_list(
            "article__slug", flat=True
        )
    )


def test_detection_on_the_seeds_finds_the_actors_the_articles_name(seeded):
    Mention.objects.all().delete()

    report = detect_mentions()

    assert report.articles == 3
    assert report.created == Mention.objects.filter(origin="detected").count() > 0
    assert _articles_naming("alexander-lukashenko") == ALL_SEEDS
    assert _articles_naming("kastus-kalinouski-regiment") == {REGIMENT_PIECE}
    assert _articles_naming("wagner-group") == {COMPLICIT}
    detected = _detected()
    # The Byline Times piece spells him Lukashenka throughout, and names him often.
    assert detected[COMPLICIT]["alexander-lukashenko"] >= 15
    assert detected[BORDER_GUARD]["alexander-lukashenko"] == 2


def test_detection_never_changes_an_editors_mention(seeded):
    Mention.objects.all().delete()
    article = Article.objects.get(slug=COMPLICIT)
    lukashenko = Actor.objects.get(slug="alexander-lukashenko")
    wagner = Actor.objects.get(slug="wagner-group")
    regiment = Actor.objects.get(slug="kastus-kalinouski-regiment")
    # Added by an editor though the text does not name it; rejected though it does;
    # confirmed with the editor's own count.
    added = Mention.objects.create(article=article, actor=regiment, origin="editor", count=0)
    rejected = Mention.objects.create(
        article=article, actor=wagner, origin="editor", rejected=True, count=0
    )
    kept = Mention.objects.create(article=article, actor=lukashenko, origin="editor", count=1)

    detect_mentions()
    detect_mentions()

    for mention in (added, rejected, kept):
        fresh = Mention.objects.get(pk=mention.pk)
        assert (fresh.origin, fresh.rejected, fresh.count) == (
            "editor",
            mention.rejected,
            mention.count,
        )
    assert (
        Mention.objects.filter(article=article, actor__in=[wagner, regiment, lukashenko]).count()
        == 3
    )
    # The rejected actor stays out of the public list.
    assert COMPLICIT not in _articles_naming("wagner-group")


def test_detected_mentions_follow_the_text(seeded):
    Mention.objects.all().delete()
    detect_mentions()
    article = Article.objects.get(slug=COMPLICIT)
    before = Mention.objects.get(article=article, actor__slug="wagner-group").count

    Article.objects.filter(pk=article.pk).update(body=article.body.replace("Wagner", "the company"))
    report = detect_mentions(Article.objects.filter(pk=article.pk))

    assert before > 0
    assert report.removed >= 1
    assert not Mention.objects.filter(article=article, actor__slug="wagner-group").exists()

    Article.objects.filter(pk=article.pk).update(body=article.body + "\n\nLukashenka again.")
    count = Mention.objects.get(article=article, actor__slug="alexander-lukashenko").count
    report = detect_mentions(Article.objects.filter(pk=article.pk))
    assert report.updated >= 1
    assert (
        Mention.objects.get(article=article, actor__slug="alexander-lukashenko").count == count + 1
    )


def test_detection_reads_each_article_once_whatever_the_alias_count(
    seeded, django_assert_num_queries
):
    Mention.objects.all().delete()
    detect_mentions()
    # A settled run: read the ids, the mentions and the texts, write no mention, and
    # rewrite the batch's search index (its ids, shown mentions and texts, one write).
    # The matcher is built once per process. SAVEPOINT and RELEASE are the batch's
    # transaction.
    with django_assert_num_queries(9):
        report = detect_mentions()
    assert (report.created, report.updated, report.removed) == (0, 0, 0)


def test_saving_an_article_detects_its_mentions_after_commit(
    db, django_capture_on_commit_callbacks
):
    actor = Actor.objects.create(name="Alexander Lukashenko", kind="person")
    Alias.objects.create(actor=actor, name="Lukashenka")
    source = Source.objects.create(name="Byline Times")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = Article.objects.create(
            title="Lukashenka’s choice",
            body="Lukashenka said no.",
            source=source,
            published_precision="unknown",
        )
        # Nothing yet: the admin's inlines have not been saved at this point.
        assert not Mention.objects.exists()

    # One detection; the others bump the cached pages' version (articles.versions).
    assert [c.func.__name__ for c in callbacks].count("_detect") == 1
    assert Mention.objects.get(article=article, actor=actor).count == 2


def test_command_reports_and_dry_run_writes_nothing(seeded, capsys):
    Mention.objects.all().delete()

    call_command("detect_mentions", "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run" in out
    assert "3 articles" in out
    assert not Mention.objects.exists()

    call_command("detect_mentions")
    out = capsys.readouterr().out
    created = Mention.objects.count()
    assert f"{created} mentions created, 0 updated, 0 removed" in out

    call_command("detect_mentions")
    assert "0 mentions created, 0 updated, 0 removed" in capsys.readouterr().out


def test_seeding_runs_detection_without_touching_the_seed_editor_mentions(seeded):
    # The seed ships editor mentions; the seed command's detection adds only what they miss.
    assert Mention.objects.filter(origin="editor").exists()
    assert not Mention.objects.filter(origin="detected", rejected=True).exists()
    assert _articles_naming("alexander-lukashenko") == ALL_SEEDS


# One matcher for every process -----------------------------------------------------------


def wagner_named(matcher):
    wagner = Actor.objects.get(slug="wagner-test")
    return matcher.count("Байцы групы Вагнера пакінулі лагер пад Асіповічамі.").get(wagner.pk)


@pytest.fixture
def wagner(db):
    actor = Actor.objects.create(name="Wagner Group", slug="wagner-test", kind="armed_group")
    Alias.objects.create(actor=actor, name="група Вагнера", language="be")
    return actor


@pytest.mark.django_db(transaction=True)
def test_a_matcher_built_once_is_loaded_by_the_other_processes(
    wagner, monkeypatch, django_assert_num_queries
):
    detection.aliases_changed()
    built = detection.current_matcher()
    assert wagner_named(built) == 1
    monkeypatch.setattr(detection, "_current", (None, None))  # another process
    with django_assert_num_queries(0):
        loaded = detection.current_matcher()
    assert loaded is not built
    assert wagner_named(loaded) == 1


def test_a_matcher_built_inside_a_transaction_stays_in_its_process(wagner, monkeypatch):
    """Its aliases may be changes nobody else sees yet, or that are rolled back."""
    detection.aliases_changed()
    assert wagner_named(detection.current_matcher()) == 1
    monkeypatch.setattr(detection, "_current", (None, None))
    with CaptureQueriesContext(connection) as queries:
        assert wagner_named(detection.current_matcher()) == 1
    assert any('FROM "articles_alias"' in query["sql"] for query in queries.captured_queries)
