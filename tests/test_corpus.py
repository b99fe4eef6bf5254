"""generate_corpus: a deterministic, clearly marked synthetic archive written in bulk."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Actor, Alias, Article, Event, EventActor, Mention, Source, Topic
from articles.text import normalize

SMALL = {"sources": 6, "topics": 5, "actors": 40, "events": 15, "verbosity": 0}


def generate(articles=60, seed=7, **options):
    call_command("generate_corpus", articles=articles, seed=seed, **{**SMALL, **options})


@pytest.fixture
def real_rows(db):
    """Rows an editor made: an outlet, an actor with an alias, and a published article."""
    source = Source.objects.create(name="Newsweek")
    actor = Actor.objects.create(name="Alexander Lukashenko", kind="person")
    Alias.objects.create(actor=actor, name="Lukashenka")
    article = Article.objects.create(
        title="Border guard crosses into Ukraine",
        source=source,
        body="Lukashenka said nothing.",
        published_on=datetime.date(2022, 7, 13),
        status="published",
    )
    Mention.objects.create(article=article, actor=actor, count=1)
    return article


def test_the_same_seed_gives_the_same_archive(db):
    generate(seed=7)
    first = list(
        Article.objects.order_by("slug").values_list("slug", "title", "published_on", "body_sha256")
    )
    call_command("generate_corpus", clear=True, verbosity=0)
    generate(seed=7)
    again = list(
        Article.objects.order_by("slug").values_list("slug", "title", "published_on", "body_sha256")
    )
    assert again == first
    call_command("generate_corpus", clear=True, verbosity=0)
    generate(seed=8)
    other = list(
        Article.objects.order_by("slug").values_list("slug", "title", "published_on", "body_sha256")
    )
    assert other != first


def test_counts_match_the_options(db):
    generate(articles=60)
    assert Article.objects.count() == 60
    assert Source.objects.count() == 6
    assert Topic.objects.count() == 5
    assert Actor.objects.count() == 40
    assert Event.objects.count() == 15
    per_article = [a.mentions.count() for a in Article.objects.prefetch_related("mentions")]
    assert min(per_article) >= 3 and max(per_article) <= 12
    assert all(a.topics.exists() for a in Article.objects.all())
    assert EventActor.objects.count() >= 15
    assert Event.articles.through.objects.exists()
    drafts = Article.objects.filter(status="draft").count()
    assert 0 < Article.objects.published().count() and drafts < 60 * 0.2


def test_articles_look_like_articles(db):
    generate(articles=120)
    articles = list(Article.objects.all())
    for article in articles:
        assert 600 <= len(re.findall(r"\S+", article.body)) <= 1500
        assert article.body_sha256 == Article.compute_sha256(article.body)
        assert len(article.paragraphs) > 3
        if article.published_on:
            assert 2020 <= article.published_on.year <= 2026
    precisions = {a.published_precision for a in articles}
    assert {"day", "month", "year"} <= precisions
    # A month- or year-precise date is stored as the first day of its period, as save() would.
    assert all(a.published_on.day == 1 for a in articles if a.published_precision == "month")


def test_mentions_are_real_and_aliases_cover_both_scripts(db):
    generate(articles=40)
    for mention in Mention.objects.select_related("article", "actor")[:80]:
        names = [alias.name for alias in mention.actor.aliases.all()]
        found = sum(mention.article.body.count(name) for name in names)
        assert found >= mention.count >= 1, (mention.actor.name, names)
    assert Alias.objects.filter(language="ru").exists()
    assert Alias.objects.filter(name__regex=r"[A-Za-z]").exists()
    assert all(alias.normalized == normalize(alias.name) for alias in Alias.objects.all())


def test_every_row_is_marked_synthetic(db):
    generate(articles=30)
    for model in (Article, Source, Topic, Actor, Event):
        assert not model.objects.exclude(slug__startswith="synthetic-").exists(), model
    assert not Source.objects.exclude(name__startswith="Synthetic ").exists()
    assert not Article.objects.exclude(original_url__contains=".synthetic.invalid/").exists()


def test_clear_removes_only_synthetic_rows(real_rows):
    generate(articles=30)
    # A link from an editor's article to a synthetic actor goes with the actor.
    Mention.objects.create(
        article=real_rows, actor=Actor.objects.filter(slug__startswith="synthetic-")[0]
    )
    call_command("generate_corpus", clear=True, verbosity=0)
    assert list(Article.objects.values_list("title", flat=True)) == [
        "Border guard crosses into Ukraine"
    ]
    assert list(Source.objects.values_list("name", flat=True)) == ["Newsweek"]
    assert list(Actor.objects.values_list("name", flat=True)) == ["Alexander Lukashenko"]
    assert list(Alias.objects.values_list("name", flat=True)) == ["Lukashenka"]
    assert list(real_rows.mentions.values_list("actor__name", flat=True)) == [
        "Alexander Lukashenko"
    ]
    assert not Event.objects.exists() and not Topic.objects.exists()


def test_a_second_corpus_needs_clear(db):
    generate(articles=10)
    with pytest.raises(CommandError, match="--clear"):
        generate(articles=10)
    generate(articles=12, clear=True)
    assert Article.objects.count() == 12


def test_bad_counts_are_refused(db):
    with pytest.raises(CommandError):
        generate(articles=-1)
    with pytest.raises(CommandError):
        generate(articles=5, actors=0)
    assert not Article.objects.exists()


def test_writes_in_bulk_not_row_by_row(db):
    with CaptureQueriesContext(connection) as queries:
        generate(articles=200, batch_size=200)
    # About 8,000 rows; a query per article (or per mention) would show here.
    assert len(queries) < 100


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL-only")
def test_search_vectors_are_filled_on_postgres(db):
    from django.contrib.postgres.search import SearchQuery

    generate(articles=60)
    assert not Article.objects.filter(search_vector__isnull=True).exists()
    border = Article.objects.filter(search_vector=SearchQuery("border", config="english")).count()
    assert border > 30
    title_word = Article.objects.first().title.split()[-1]
    assert Article.objects.filter(search_vector=SearchQuery(title_word, config="english")).exists()
