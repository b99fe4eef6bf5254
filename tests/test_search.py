"""Search: actors by any spelling, alias expansion, full text, snippets, /search/, bad input."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.detection import current_matcher
from articles.models import Actor, Article, Event, Source
from articles.search import (
    add_snippets,
    search_actors,
    search_articles,
    search_events,
    update_search_index,
)
from articles.views import search as search_view

BORDER_GUARD = "belarusian-border-guard-abandons-post-to-fight-with-ukraine-report"
REGIMENT_PIECE = "meet-the-belarusian-regiment-fighting-for-ukraine"
COMPLICIT = "belarus-is-complicit-in-russias-war-crimes-and-should-be-punished-accordingly"
ALL_SEEDS = {BORDER_GUARD, REGIMENT_PIECE, COMPLICIT}

postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def found(q, queryset=None):
    """The slugs of the articles `q` finds, and the actors it was read as."""
    result = search_articles(queryset or Article.objects.published(), q)
    return set(result.queryset.values_list("slug", flat=True)), [a.slug for a in result.actors]


def article(title, body, language="en", standfirst=""):
    source, _ = Source.objects.get_or_create(name="Test outlet")
    return Article.objects.create(
        title=title,
        body=body,
        standfirst=standfirst,
        language=language,
        source=source,
        status="published",
        published_precision="unknown",
    )


# Actor matching


# One seeded test per list of examples, not one per example: seeding is the slow part.


def test_any_spelling_puts_the_actor_first(seeded):
    for q in ["Lukashenka", "лукашенко", "Lukashenko", "Lukashenk", "ЛУКАШЭНКА"]:
        assert search_actors(Actor.objects.all(), q).first().slug == "alexander-lukashenko", q
    for q in ["Kalinowski Regiment", "Kalinoŭski regiment", "kalinouski regiment"]:
        assert search_actors(Actor.objects.all(), q).first().slug == "kastus-kalinouski-regiment", q


def test_exact_alias_ranks_above_prefix(seeded):
    slugs = list(search_actors(Actor.objects.all(), "Belarus").values_list("slug", flat=True))
    assert slugs[0] == "belarus"
    assert len(slugs) > 1  # Belarusian Red Cross and others start with it


@postgres
@pytest.mark.postgres
def test_misspelt_name_finds_the_actor_by_trigram_similarity(seeded):
    assert search_actors(Actor.objects.all(), "Lukachenko").first().slug == "alexander-lukashenko"


def test_nonsense_and_empty_names_find_no_actor(seeded):
    assert not search_actors(Actor.objects.all(), "zzzzqqq").exists()
    assert not search_actors(Actor.objects.all(), "  \x00 ").exists()


# Alias expansion


def test_a_name_of_lukashenko_finds_all_three_seed_articles(seeded):
    for q in ["Lukashenka", "Лукашэнка", "lukashenko", '"Aliaksandr Lukashenka"']:
        assert found(q) == (ALL_SEEDS, ["alexander-lukashenko"]), q


def test_kalinowski_finds_the_foreign_policy_piece(seeded):
    assert found("Kalinowski Regiment") == ({REGIMENT_PIECE}, ["kastus-kalinouski-regiment"])


def test_alias_expansion_skips_mentions_an_editor_rejected(seeded):
    piece = Article.objects.get(slug=BORDER_GUARD)
    piece.mentions.filter(actor__slug="alexander-lukashenko").update(rejected=True)
    # The admin rewrites the index when an editor rejects a mention (test_admin); here,
    # the update above bypassed it.
    update_search_index(Article.objects.filter(pk=piece.pk))
    # The Newsweek piece spells him Lukashenko: only the rejected mention linked it.
    assert found("Lukashenka")[0] == {REGIMENT_PIECE, COMPLICIT}


def test_a_negated_name_is_not_read_as_the_actor(seeded):
    slugs, actors = found("Belarus -Wagner")
    assert actors == ["belarus"]
    assert COMPLICIT not in slugs
    assert {BORDER_GUARD, REGIMENT_PIECE} <= slugs


def test_either_name_of_an_or_is_read_as_its_actor(seeded):
    slugs, actors = found("Prigozhin OR Protasevich")
    assert slugs == {COMPLICIT, REGIMENT_PIECE}
    assert set(actors) == {"yevgeny-prigozhin", "roman-protasevich"}


def test_the_dictionaries_are_asked_about_a_query_word_once(monkeypatch):
    """A name readers search again and again is looked up in the three dictionaries the
    first time only, and read the same way every time."""
    from articles import morphology

    asked = []
    known_lemmas = morphology._known_lemmas
    monkeypatch.setattr(
        morphology, "_known_lemmas", lambda lower: asked.append(lower) or known_lemmas(lower)
    )
    morphology.query_terms.cache_clear()
    first = [morphology.query_terms(word) for word in "санкциях против Лукашенко".split()]
    again = [morphology.query_terms(word) for word in "санкциях против Лукашенко".split()]
    assert asked == ["санкциях", "против", "лукашенко"]
    assert again == first
    assert "санкция" in first[0]


# Full text (both databases; PostgreSQL's syntax, SQLite's fallback)


def test_phrase_query_matches_only_the_phrase(db):
    together = article("Crossing", "A border guard crossed over.")
    apart = article("Night", "The guard walked to the border at night.")

    assert found('"border guard"')[0] == {together.slug}
    assert found("border guard")[0] == {together.slug, apart.slug}


def test_minus_word_excludes(seeded):
    assert found("regiment")[0] >= {REGIMENT_PIECE}
    assert REGIMENT_PIECE not in found("Belarus -regiment")[0]


def test_drafts_are_not_searched_by_the_public(seeded):
    draft = article("Unpublished Lukashenka dossier", "Lukashenka")
    Article.objects.filter(pk=draft.pk).update(status="draft")
    assert draft.slug not in found("Lukashenka")[0]


# Full text, PostgreSQL


@postgres
@pytest.mark.postgres
def test_title_match_ranks_above_body_only_match(db):
    in_body = article("A quiet week", "Far away, the partisans waited.")
    in_title = article("The partisans of Polesia", "They waited in the forest.")

    result = search_articles(Article.objects.all(), "partisans")

    assert result.ranked
    assert list(result.ordered().values_list("pk", flat=True)) == [in_title.pk, in_body.pk]


@postgres
@pytest.mark.postgres
def test_few_matches_are_ranked_without_looking_for_the_newest_first(db, client):
    in_body = article("A quiet week", "Far away, the partisans waited.")
    in_title = article("The partisans of Polesia", "They waited in the forest.")
    result = search_articles(Article.objects.published(), "partisans")

    among_newest = result.by_relevance(limit=10)
    directly = result.by_relevance(limit=10, matches=2)
    too_many = result.by_relevance(limit=1, matches=2)

    assert list(directly.values_list("pk", flat=True)) == [in_title.pk, in_body.pk]
    assert list(among_newest.values_list("pk", flat=True)) == [in_title.pk, in_body.pk]
    assert "LIMIT" not in str(directly.query)
    assert list(too_many.values_list("pk", flat=True)) == [in_title.pk]  # the newer one
    response = client.get("/articles/?q=partisans")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("The partisans of Polesia") < page.index("A quiet week")


@postgres
@pytest.mark.postgres
def test_rewriting_an_unchanged_index_writes_no_row(db):
    """Re-detecting a whole archive rewrites every article's index: the rows whose index
    did not change keep their version (no dead copy of a 5 kB vector left for a vacuum)."""
    unchanged = article("Мытнікі на мяжы", "Беларускія мытнікі затрымалі фуру на мяжы.", "be")
    edited = article("Митники на кордоні", "Українські митники перевірили вантажівку.", "uk")
    Article.objects.filter(pk=edited.pk).update(body="Митники затримали контрабанду цигарок.")

    def versions():  # where each row's live version lies: an UPDATE writes a new one
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, ctid::text FROM articles_article WHERE id IN (%s, %s)",
                [unchanged.pk, edited.pk],
            )
            return dict(cursor.fetchall())

    before = versions()
    assert update_search_index(Article.objects.filter(pk__in=[unchanged.pk, edited.pk])) == 2
    after = versions()

    assert after[unchanged.pk] == before[unchanged.pk]
    assert after[edited.pk] != before[edited.pk]
    assert found("цигарок", Article.objects.all())[0] == {edited.slug}
    assert found("мытнікі", Article.objects.all())[0] == {unchanged.slug}


@postgres
@pytest.mark.postgres
def test_english_articles_are_stemmed(seeded):
    assert REGIMENT_PIECE in found("fight")[0]  # the piece says "fighting"


@postgres
@pytest.mark.postgres
def test_non_english_text_is_matched_without_case_or_accents(db):
    be = article("Полк Каліноўскага", "Байцы палка ваююць пад Бахмутам.", language="be")
    pl = article("Pułk Kalinowskiego", "Żołnierze walczą pod Bachmutem.", language="pl")

    assert found("БАХМУТАМ")[0] == {be.slug}
    assert found("zolnierze")[0] == {pl.slug}
    assert found("каліноўскага")[0] == {be.slug}


@postgres
@pytest.mark.postgres
def test_search_vector_follows_the_text_on_save(db):
    piece = article("Report", "Nothing here yet.")
    assert not found("sabotage")[0]

    piece.body = "Rail workers carried out sabotage."
    piece.save()

    assert found("sabotage")[0] == {piece.slug}


@postgres
@pytest.mark.postgres
def test_search_predicate_uses_the_gin_index(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    for q in ["regiment", "Lukashenka", "regiment -Wagner"]:
        plan = search_articles(Article.objects.all(), q).queryset.explain()
        assert "article_search_vector_gin" in plan, plan
        assert "to_tsvector" not in plan


@postgres
@pytest.mark.postgres
def test_the_latest_matching_events_are_read_along_an_index_in_their_order(seeded):
    """The search page shows the five newest matching events: PostgreSQL can walk an
    index in newest-first order and stop at the fifth, instead of sorting every match."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    for q in ["border", "Lukashenka"]:
        shown = search_events(Event.objects.all(), q).newest_first()[:5]
        plan = shown.explain()
        assert "event_newest" in plan, plan
        assert "Sort" not in plan, plan


# Snippets


@postgres
@pytest.mark.postgres
def test_snippet_highlights_the_term(seeded):
    result = search_articles(Article.objects.all(), "fighting")
    pieces = {piece.slug: piece for piece in result.queryset}
    add_snippets(pieces.values(), "fighting")
    assert "<mark>fighting</mark>" in pieces[REGIMENT_PIECE].snippet
    # English stemming: "fight" is a match for "fighting", and marked.
    assert "<mark>fight</mark>" in pieces[COMPLICIT].snippet


def test_snippet_marks_the_actor_by_the_spelling_the_article_uses(seeded):
    result = search_articles(Article.objects.all(), "Lukashenka")
    pieces = {piece.slug: piece for piece in result.ordered()}
    add_snippets(pieces.values(), "Lukashenka", search=result)
    assert "<mark>Lukashenko</mark>" in pieces[BORDER_GUARD].snippet
    assert "<mark>Lukashenka</mark>" in pieces[COMPLICIT].snippet


def test_snippet_is_escaped_html_with_marks(db):
    piece = article("Report", "The regiment & <b>guard</b> of <script>alert(1)</script>.")
    add_snippets([piece], "regiment")
    assert "<mark>regiment</mark> &amp;" in piece.snippet
    # Whatever else the text holds reaches the page as text, never as markup.
    assert "<" not in re.sub(r"</?mark>", "", piece.snippet)


# Bad input


BAD_QUERIES = [
    "",
    "   ",
    '- OR "',
    "OR",
    '"unbalanced quote',
    "Lukashenka\x00",
    "x" * 10_000,
    "Lukashenka Лукашэнка 卢卡申科 !@#$%^&*()",
    "' OR 1=1 --",
    "a & b | !c <-> d:*",
    "-",
    '""',
]


def test_bad_input_gets_a_sensible_answer(seeded):
    for q in BAD_QUERIES:
        result = search_articles(Article.objects.published(), q)
        pieces = list(result.ordered())
        add_snippets(pieces, q, search=result)
        assert "\x00" not in result.query and len(result.query) <= 200
    assert not search_articles(Article.objects.published(), '- OR "').queryset.exists()


def test_nul_bytes_are_stripped(seeded):
    assert found("Luka\x00shenka")[0] == ALL_SEEDS


def test_a_huge_query_is_truncated(seeded):
    result = search_articles(Article.objects.published(), "Lukashenka " + "x" * 10_000)
    assert len(result.query) == 200


# /search/


def test_search_page_shows_actors_events_and_articles(seeded, reader):
    response = reader.get(reverse("articles:search"), {"q": "Lukashenka"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Alexander Lukashenko" in html
    assert "Read as:" in html
    assert 'href="/actors/alexander-lukashenko/"' in html
    assert response.context["article_count"] == 3
    assert response.context["actor_count"] >= 1
    assert response.context["event_count"] >= 1  # "Lukashenka reportedly expels Wagner ..."
    assert "/articles/?q=Lukashenka" in html
    assert "/actors/?q=Lukashenka" in html
    assert "/events/?q=Lukashenka" in html
    assert "<mark>" in html


def test_search_page_finds_events_of_the_actor_a_query_names(seeded, reader):
    response = reader.get(reverse("articles:search"), {"q": "Kalinowski Regiment"})
    titles = [event.title for event in response.context["events"]]
    assert "Kastus Kalinouski Regiment formed" in titles
    assert response.context["article_count"] == 1


def test_search_page_with_no_query_helps(db, reader):
    response = reader.get(reverse("articles:search"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "How to search" in html
    assert "?q=Lukashenka" in html


def test_search_page_says_when_a_query_was_truncated(seeded, reader):
    response = reader.get(reverse("articles:search"), {"q": "Lukashenka " * 1000})
    assert response.status_code == 200
    assert "only its first 200 characters" in response.content.decode()


def test_search_page_survives_bad_input(seeded, reader):
    for q in BAD_QUERIES + ["<script>alert(1)</script>", '"Лукашэнка" OR -']:
        response = reader.get(reverse("articles:search"), {"q": q})
        assert response.status_code == 200, q
        assert "<script>" not in response.content.decode().split("</header>", 1)[1]
    response = reader.get(reverse("articles:search"), {"q": ["Lukashenka", "x"]})
    assert response.status_code == 200


def test_search_page_query_count_does_not_grow_with_the_page_size(seeded, reader, monkeypatch):
    for n in range(12):
        article(f"Lukashenka report {n}", f"Lukashenka and Putin, part {n}.")

    def queries_for(page_size):
        monkeypatch.setattr(search_view, "ARTICLES_SHOWN", page_size)
        monkeypatch.setattr(search_view, "ACTORS_SHOWN", page_size)
        monkeypatch.setattr(search_view, "EVENTS_SHOWN", page_size)
        cache.clear()  # rows kept from the last request would save their two queries
        current_matcher()  # the name matcher is built once per process, before
        with CaptureQueriesContext(connection) as captured:
            response = reader.get(reverse("articles:search"), {"q": "Lukashenka"})
        assert len(response.context["articles"]) == min(page_size, 15)
        return len(captured)

    # Some of each kind shown: actors (list, count), events (list, count), the query's
    # actors and their aliases, articles (list, topics, mentions, count) and the start
    # of their bodies, which the snippets are made from in Python.
    assert queries_for(1) == 11
    # Every match shown: nothing left to count.
    assert queries_for(20) == 8


def test_search_page_keeps_its_actor_and_event_counts_until_the_archive_changes(
    seeded, reader, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(search_view, "ACTORS_SHOWN", 1)  # one shown: the rest are counted
    monkeypatch.setattr(search_view, "EVENTS_SHOWN", 1)

    def search(q="Wagner"):
        with CaptureQueriesContext(connection) as captured:
            response = reader.get(reverse("articles:search"), {"q": q})
        assert response.status_code == 200
        counts = [
            query["sql"]
            for query in captured
            if "COUNT(" in query["sql"]
            and re.search(r'FROM "articles_(actor|event)" ', query["sql"].split("COUNT(")[1])
        ]
        return response.context["actor_count"], response.context["event_count"], counts

    actors, events, counted = search()
    assert actors >= 1 and events >= 1 and len(counted) == 2
    assert search() == (actors, events, [])
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.create(
            title="Вагнераўцы пакінулі лагер пад Асіповічамі",
            summary="Wagner fighters left their camp near Asipovichy.",
            start_date=datetime.date(2023, 9, 1),
        )
    assert search()[1] == events + 1


# /articles/?q= (the browsing view calls search_articles and add_snippets)


def test_article_list_search_by_any_spelling(seeded, reader):
    for q, slugs in [
        ("Lukashenka", ALL_SEEDS),
        ("Лукашэнка", ALL_SEEDS),
        ("Kalinowski Regiment", {REGIMENT_PIECE}),
    ]:
        response = reader.get(reverse("articles:article_list"), {"q": q})
        assert response.status_code == 200
        assert {a.slug for a in response.context["page"].object_list} == slugs, q
        html = response.content.decode()
        assert html.count("<h1") == 1
    assert "Kastus Kalinouski Regiment" in html  # the actor the query was read as


@pytest.mark.parametrize(
    "q", ["Kalinowski Regiment", '"border guard"', "Wagner -mutiny", "Lukashenka"]
)
def test_search_page_and_timeline_count_the_same_events(reader, seeded, q):
    on_search_page = reader.get(reverse("articles:search"), {"q": q}).context["event_count"]
    timeline = reader.get(reverse("articles:event_list"), {"q": q})
    assert timeline.status_code == 200
    assert timeline.context["page"].paginator.count == on_search_page


def test_timeline_q_reads_actor_aliases_and_search_syntax(reader, seeded):
    def titles(q):
        page = reader.get(reverse("articles:event_list"), {"q": q}).context["page"]
        return {event.title for event in page.object_list}

    assert "Kastus Kalinouski Regiment formed" in titles("Kalinowski Regiment")
    phrase = titles('"border guard"')
    assert phrase
    for event in Event.objects.filter(title__in=phrase):
        assert "border guard" in f"{event.title} {event.summary} {event.place}".lower()
    wagner = titles("Wagner")
    assert wagner and titles("Wagner -mutiny") < wagner


def test_snippet_marks_are_escaped_and_always_balanced():
    from articles.search.snippets import snippet

    marked = snippet("<b>Lukashenka</b> \ue000 & <mark>", "en", set(), {"lukashenka"})
    assert marked == "&lt;b&gt;<mark>Lukashenka</mark>&lt;/b&gt; \ue000 &amp; &lt;mark&gt;"


def test_a_phrase_over_a_huge_body_costs_a_normal_page(db, reader):
    """One word repeated through a 1.6 MB body: the index keeps a bounded entry for it and
    the snippet reads only the start, so the phrase search answers like any other."""
    piece = article("Repeated", "belarus " * 200_000)
    piece.status = Article.Status.PUBLISHED
    piece.save()
    response = reader.get(reverse("articles:search"), {"q": '"belarus belarus"'})
    assert response.status_code == 200
    assert [a.pk for a in response.context["articles"]] == [piece.pk]
    snippet = response.context["articles"][0].snippet
    assert "<mark>belarus</mark>" in snippet and len(snippet) < 2_000
