"""Search and detection on reporting in Belarusian, Russian, Ukrainian and English.

The corpus (fixtures/multilingual.jsonl) is the project's own: short articles written
for these tests, each with the actors it really names. It is imported once for the
module, without those actors, so that every mention comes from detection. Then:

- detection's precision and recall over the corpus, pair by pair;
- every query of fixtures/multilingual_queries.json finds exactly the articles it must
  (inflected, short-form and other-script names, natural queries) and none it must not;
- the pages say how a query was read, and bad input never gets a 5xx.

The same on PostgreSQL and SQLite.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from articles.evaluation import evaluate, read_records
from articles.models import Actor, Alias, Article, Language
from articles.search import search_articles

# Belarusian forms come from the hunspell-be dictionary, a Debian package.
pytestmark = pytest.mark.hunspell_be

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
CORPUS = FIXTURES / "multilingual.jsonl"
QUERIES = json.loads((FIXTURES / "multilingual_queries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seed plus the corpus, imported without its gold actors, for the whole module."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for _, record in read_records(CORPUS):
            record.pop("actors", None)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", verbosity=0)
        call_command("import_articles", str(path), "--create-missing", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def archive(corpus, db):
    """Each test in a savepoint over the module's corpus."""


def urls(queryset):
    return set(queryset.values_list("original_url", flat=True))


def test_the_whole_corpus_was_imported(archive):
    assert Article.objects.filter(original_url__startswith="https://corpus.example/").count() == (
        sum(1 for _ in read_records(CORPUS))
    )


def test_detection_precision_and_recall_over_the_corpus(archive):
    result = evaluate(read_records(CORPUS))
    assert not result.unknown_slugs
    assert result.recall >= 0.97, result.misses
    assert result.precision >= 0.97, result.extras


def test_the_stored_mentions_are_the_ones_detection_finds(archive):
    """What was imported and detected is what the evaluation measured: the mentions in the
    database for each corpus article equal its gold actors, but for the evaluation's errors."""
    result = evaluate(read_records(CORPUS))
    errors = {(label, slug) for label, slug in result.extras + result.misses}
    for _, record in read_records(CORPUS):
        article = Article.objects.get(original_url=record["url"])
        stored = set(article.mentions.filter(rejected=False).values_list("actor__slug", flat=True))
        differing = {(record["url"], slug) for slug in stored ^ set(record["actors"])}
        assert differing <= errors, record["url"]


@pytest.mark.parametrize("case", QUERIES, ids=[case["q"] for case in QUERIES])
def test_query_finds_its_articles(archive, case):
    found = urls(search_articles(Article.objects.published(), case["q"]).queryset)
    missing = set(case["expect"]) - found
    assert not missing, f"{case['q']!r} ({case.get('why', '')}) misses {sorted(missing)}"
    wrong = set(case.get("exclude", [])) & found
    assert not wrong, f"{case['q']!r} finds {sorted(wrong)}"


def test_a_query_naming_two_people_is_read_as_both_plus_its_other_words(archive, reader):
    response = reader.get(reverse("articles:search"), {"q": "Tsikhanouskaya Zelensky meeting"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Read as:" in html
    assert 'href="/actors/sviatlana-tsikhanouskaya/"' in html
    assert 'href="/actors/volodymyr-zelensky/"' in html
    assert "“meeting”" in html
    assert response.context["article_count"] >= 1


def test_an_inflected_name_is_read_as_its_actor_on_the_article_list(archive, reader):
    response = reader.get(reverse("articles:article_list"), {"q": "Ціханоўскай"})
    assert response.status_code == 200
    assert [a.slug for a in response.context["search"].actors] == ["sviatlana-tsikhanouskaya"]
    html = response.content.decode()
    assert 'href="/actors/sviatlana-tsikhanouskaya/"' in html
    assert "<mark>" in html


def test_a_name_two_actors_go_by_says_so_and_includes_both(archive, reader):
    composer = Actor.objects.create(name="Richard Wagner", kind="person")
    Alias.objects.create(actor=composer, name="Вагнер", language="ru")
    response = reader.get(reverse("articles:search"), {"q": "Вагнера"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "is a name of more than one actor" in html
    assert 'href="/actors/richard-wagner/"' in html and 'href="/actors/wagner-group/"' in html
    read_as = {a.slug for a in response.context["search"].actors}
    assert read_as == {"richard-wagner", "wagner-group"}


BAD_QUERIES = [
    "Лукашэнка Lukashenko Лукашенко Łukaszenka 卢卡申科 لوكاشينكو",  # mixed scripts
    " ".join(["Лукашэнкі Пуціна Ціханоўскай Зеленського дзяцей депортації"] * 6)[:200],
    "& | ! <-> :* ( ) \" ' - OR AND NOT NEAR",
    '"-"',
    "-Лукашэнка",
    "Лукашэнк*",
    "a" * 200,
]


@pytest.mark.parametrize("q", BAD_QUERIES)
@pytest.mark.parametrize(
    "page",
    ["articles:search", "articles:article_list", "articles:event_list", "articles:actor_list"],
)
def test_bad_queries_get_an_answer_never_a_5xx(archive, reader, page, q):
    response = reader.get(reverse(page), {"q": q})
    assert response.status_code in (200, 400), (page, q)


def test_a_long_query_says_which_words_were_left_out(archive, reader):
    q = " ".join(["ГПК", "ДПСУ"] * 30)
    response = reader.get(reverse("articles:search"), {"q": q})
    assert response.status_code == 200
    assert "words at its end were not searched" in response.content.decode()


def test_search_follows_a_corrected_language(archive):
    """An article filed under the wrong language is indexed with that language's morphology;
    once an editor corrects it, search reads it in the right one."""
    article = Article.objects.get(original_url="https://corpus.example/uk/1")
    assert article.language == Language.UKRAINIAN
    query = "депортація дітей"
    before = urls(search_articles(Article.objects.published(), query).queryset)
    article.language = Language.ENGLISH
    article.save()
    wrong = urls(search_articles(Article.objects.published(), query).queryset)
    article.language = Language.UKRAINIAN
    article.save()
    after = urls(search_articles(Article.objects.published(), query).queryset)
    assert article.original_url in before and article.original_url in after
    assert article.original_url not in wrong
