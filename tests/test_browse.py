"""Browsing the seed archive: filters narrow correctly, facets count truly, links keep filters."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Actor, Article, Mention

NEWSWEEK = "Belarusian Border Guard Abandons Post to Fight With Ukraine: Report"
FOREIGN_POLICY = "Meet the Belarusian Regiment Fighting for Ukraine"
BYLINE_TIMES = "Belarus is Complicit in Russia’s War Crimes and Should be Punished Accordingly"

pytestmark = pytest.mark.usefixtures("seeded")


def titles(response):
    assert response.status_code == 200, response.content[:500]
    return {article.title for article in response.context["page"].object_list}


def listed(client, **params):
    return client.get(reverse("articles:article_list"), params)


def params_of(href):
    return parse_qs(urlsplit(href).query, keep_blank_values=True)


def test_article_list_shows_every_published_article_newest_first(reader):
    response = listed(reader)
    page = response.context["page"]
    assert [a.title for a in page.object_list] == [BYLINE_TIMES, FOREIGN_POLICY, NEWSWEEK]
    assert page.paginator.count == 3
    assert "3 articles" in response.content.decode()


def test_oldest_first(reader):
    response = listed(reader, sort="oldest")
    assert [a.title for a in response.context["page"].object_list] == [
        NEWSWEEK,
        FOREIGN_POLICY,
        BYLINE_TIMES,
    ]


def test_date_after_drops_the_newsweek_piece(reader):
    assert titles(listed(reader, date_after="2023-01-01")) == {FOREIGN_POLICY, BYLINE_TIMES}


def test_date_before_keeps_only_the_newsweek_piece(reader):
    assert titles(listed(reader, date_before="2022-12-31")) == {NEWSWEEK}


def test_date_range_is_inclusive(reader):
    assert titles(listed(reader, date_after="2023-02-20", date_before="2023-02-20")) == {
        FOREIGN_POLICY
    }


def test_source_filter_is_any_of(reader):
    assert titles(listed(reader, source="newsweek")) == {NEWSWEEK}
    assert titles(listed(reader, source=["newsweek", "byline-times"])) == {NEWSWEEK, BYLINE_TIMES}


def test_topic_filter_is_any_of(reader):
    assert titles(listed(reader, topic="sanctions")) == {BYLINE_TIMES}
    assert titles(listed(reader, topic=["sanctions", "border-incidents"])) == {
        BYLINE_TIMES,
        NEWSWEEK,
    }


def test_two_actors_mean_both(reader):
    assert titles(listed(reader, actor="alexander-lukashenko")) == {
        NEWSWEEK,
        FOREIGN_POLICY,
        BYLINE_TIMES,
    }
    assert titles(listed(reader, actor=["alexander-lukashenko", "wagner-group"])) == {BYLINE_TIMES}
    assert titles(listed(reader, actor=["kastus-kalinouski-regiment", "wagner-group"])) == set()


def test_a_rejected_mention_does_not_count(reader):
    Mention.objects.filter(actor__slug="wagner-group").update(
        rejected=True, origin=Mention.Origin.EDITOR
    )
    assert titles(listed(reader, actor="wagner-group")) == set()


def test_filters_combine(reader):
    response = listed(
        reader, actor="alexander-lukashenko", date_after="2023-01-01", topic="sanctions"
    )
    assert titles(response) == {BYLINE_TIMES}


def test_language_filter(reader):
    assert len(titles(listed(reader, language="en"))) == 3
    assert titles(listed(reader, language="be")) == set()


def test_drafts_are_hidden_from_readers_and_shown_to_staff(reader, editor):
    draft = Article.objects.get(title=NEWSWEEK)
    draft.status = Article.Status.DRAFT
    draft.save()
    assert NEWSWEEK not in titles(listed(reader))
    assert reader.get(draft.get_absolute_url()).status_code == 404
    assert NEWSWEEK in titles(listed(editor))
    response = editor.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "draft-banner" in response.content.decode()


def facet(response, param):
    return next(f for f in response.context["facets"] if f.param == param)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"date_after": "2023-01-01"},
        {"actor": "alexander-lukashenko"},
        {"topic": "regime-complicity"},
        {"actor": ["alexander-lukashenko", "wagner-group"]},
        {"q": "Lukashenko"},
    ],
)
def test_facet_counts_equal_the_counts_of_the_filtered_set(reader, params):
    """A value's count is the number of articles its filter selects together with the others.

    Actor and year narrow, so following the link gives exactly that count. Source and
    topic are any-of: their count is of the value alone alongside the other filters.
    """
    response = listed(reader, **params)
    filtered = response.context["page"].paginator.count
    checked = 0
    for f in response.context["facets"]:
        for value in f.values:
            if not value.href:  # "date unknown" has no filter
                continue
            if f.param in ("source", "topic"):
                alone = {**params_of(value.href), f.param: [value_slug(f, value, params)]}
                expected = listed(reader, **alone).context["page"].paginator.count
            elif value.selected:
                expected = filtered
            else:
                narrowed = reader.get(reverse("articles:article_list") + value.href)
                expected = narrowed.context["page"].paginator.count
                assert expected <= filtered
            assert value.count == expected, (f.param, value.label, params)
            checked += 1
    assert checked >= 5


def value_slug(facet, value, params):
    """The slug a facet value stands for: the one its link adds or removes."""
    before = set(
        params.get(facet.param, [])
        if isinstance(params.get(facet.param), list)
        else [params[facet.param]]
        if facet.param in params
        else []
    )
    after = set(params_of(value.href).get(facet.param, []))
    return (after ^ before).pop()


def test_year_facet_counts(reader):
    years = {v.label: v.count for v in facet(listed(reader), "year").values}
    assert years == {"2023": 2, "2022": 1}


def test_source_facet_keeps_other_sources_reachable_once_one_is_chosen(reader):
    response = listed(reader, source="newsweek")
    values = {v.label: v for v in facet(response, "source").values}
    assert values["Newsweek"].selected
    assert values["Foreign Policy"].count == 1
    assert params_of(values["Foreign Policy"].href)["source"] == ["newsweek", "foreign-policy"]


def test_actor_facet_lists_top_ten_then_a_show_all_link(reader):
    response = listed(reader)
    actors = facet(response, "actor")
    assert len(actors.values) == 10
    assert actors.more_href
    everyone = reader.get(reverse("articles:article_list") + actors.more_href)
    assert len(facet(everyone, "actor").values) > 10


def test_facet_chip_and_page_links_keep_other_filters(reader, settings):
    settings.ARCHIVE_PAGE_SIZE = 1
    response = listed(reader, actor="alexander-lukashenko", date_after="2022-01-01", sort="oldest")
    body = response.content.decode()
    # Facet links add their value and keep every other filter.
    topic_link = facet(response, "topic").values[0].href
    kept = params_of(topic_link)
    assert kept["actor"] == ["alexander-lukashenko"]
    assert kept["date_after"] == ["2022-01-01"]
    assert kept["sort"] == ["oldest"]
    assert "topic" in kept
    # Each chip removes only its own filter.
    chips = {chip.label: params_of(chip.remove_href) for chip in response.context["chips"]}
    assert "actor" not in chips["Actor"] and chips["Actor"]["date_after"] == ["2022-01-01"]
    assert "date_after" not in chips["From"] and chips["From"]["actor"] == ["alexander-lukashenko"]
    # Pagination keeps every filter.
    assert "page=2" in body
    next_href = body.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    next_params = params_of(next_href.replace("&amp;", "&"))
    assert next_params["page"] == ["2"]
    assert next_params["actor"] == ["alexander-lukashenko"]
    assert next_params["date_after"] == ["2022-01-01"]
    page_two = reader.get(reverse("articles:article_list") + next_href.replace("&amp;", "&"))
    assert [a.title for a in page_two.context["page"].object_list] == [FOREIGN_POLICY]


def test_removing_the_last_filter_links_to_the_bare_list(reader):
    response = listed(reader, topic="sanctions")
    (chip,) = response.context["chips"]
    assert chip.remove_href == "./"
    # As a browser resolves it against the page's address:
    assert urljoin(reverse("articles:article_list"), chip.remove_href) == "/articles/"


def test_facet_links_drop_the_page_number(reader, settings):
    settings.ARCHIVE_PAGE_SIZE = 1
    response = listed(reader, page="2")
    for f in response.context["facets"]:
        for value in f.values:
            if value.href:
                assert "page" not in params_of(value.href)


def test_empty_result_suggests_which_filter_to_loosen(reader):
    response = listed(
        reader, actor=["kastus-kalinouski-regiment", "wagner-group"], source="newsweek"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "No articles match" in body
    assert "Remove actor “Wagner Group”" in body
    assert "Remove source “Newsweek”" in body


def test_export_and_feed_links_keep_the_filters(reader):
    body = listed(reader, actor="wagner-group", page="1").content.decode()
    assert f'{reverse("articles:export_csv")}?actor=wagner-group"' in body
    assert f'{reverse("articles:export_json")}?actor=wagner-group"' in body
    assert f'{reverse("articles:article_feed")}?actor=wagner-group"' in body
    assert 'rel="alternate" type="application/atom+xml"' in body


@pytest.mark.parametrize("size", [1, 2])
def test_list_pages_run_the_same_queries_at_any_page_size(
    reader, settings, django_assert_num_queries, size
):
    """Two page sizes, same query count: nothing is fetched per row."""
    settings.ARCHIVE_PAGE_SIZE = size
    urls = {
        reverse("articles:article_list")
        + "?actor=alexander-lukashenko&topic=regime-complicity": 8,  # facets, chart: one each
        reverse("articles:actor_list"): 4,  # article counts, kinds: one each
        reverse("articles:actor_detail", args=["alexander-lukashenko"]): 10,  # chart: one
        reverse("articles:event_list"): 4,  # outlet facet, map: one each
        reverse("articles:source_list"): 1,
        reverse("articles:topic_detail", args=["regime-complicity"]): 7,
        reverse("articles:topic_list"): 1,
        reverse("articles:source_detail", args=["newsweek"]): 7,
        reverse("articles:home"): 9,
    }
    for url, queries in urls.items():
        cache.clear()  # what the first reader pays: no rows, counts or drawings kept
        with django_assert_num_queries(queries):
            assert reader.get(url).status_code == 200


def test_article_page_shows_the_record(reader):
    article = Article.objects.get(title=FOREIGN_POLICY)
    response = reader.get(article.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<p>") >= len(article.paragraphs)
    assert "Foreign Policy" in body and "Ocnus.net" in body
    assert "20 February 2023" in body
    assert article.body_sha256 in body
    assert "Cite this" in body and "@article{" in body
    assert reverse("articles:article_bibtex", args=[article.slug]) in body
    assert reverse("articles:actor_detail", args=["kastus-kalinouski-regiment"]) in body
    related = response.context["related"]
    assert 0 < len(related) <= 5 and article not in related
    for other in related:
        assert f'href="{other.get_absolute_url()}"' in body and other.source.name in body
        # Kept in the cache with the page's data: what the list shows, not whole texts.
        assert "body" not in other.__dict__ and "search_vector" not in other.__dict__


def test_article_without_byline_says_so(reader):
    article = Article.objects.get(title=BYLINE_TIMES)
    body = reader.get(article.get_absolute_url()).content.decode()
    assert "No byline" in body
    assert "August 2023" in body


def test_article_page_shows_events_with_status(reader):
    article = Article.objects.get(title=NEWSWEEK)
    body = reader.get(article.get_absolute_url()).content.decode()
    assert "badge--denied" in body or "badge--disputed" in body


def test_actor_page(reader):
    response = reader.get(reverse("articles:actor_detail", args=["alexander-lukashenko"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Лукашэнка" in body and "Lukashenka" in body
    assert response.context["page"].paginator.count == 3
    alongside = response.context["alongside"]
    assert alongside and all(row["actor__slug"] != "alexander-lukashenko" for row in alongside)
    assert alongside[0]["n"] >= alongside[-1]["n"]
    assert f"{reverse('articles:article_feed')}?actor=alexander-lukashenko" in body


def test_actor_page_filters_its_articles_by_date(reader):
    url = reverse("articles:actor_detail", args=["alexander-lukashenko"])
    assert titles(reader.get(url, {"date_before": "2022-12-31"})) == {NEWSWEEK}


def test_actor_list_filters_by_kind_and_counts_articles(reader):
    response = reader.get(reverse("articles:actor_list"), {"kind": "armed_unit"})
    actors = response.context["page"].object_list
    assert actors and all(actor.kind == "armed_unit" for actor in actors)
    response = reader.get(reverse("articles:actor_list"), {"q": "Lukashenka"})
    lukashenko = next(
        a for a in response.context["page"].object_list if a.slug == "alexander-lukashenko"
    )
    assert lukashenko.article_count == 3


def test_actor_list_keeps_its_counts_until_the_archive_changes(
    reader, django_capture_on_commit_callbacks
):
    url = reverse("articles:actor_list")

    def lukashenko_and_queries():
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(url, {"q": "Lukashenka"})
        actor = next(a for a in response.context["page"].object_list if a.pk == lukashenko.pk)
        return actor.article_count, response.context["kinds"], len(queries)

    lukashenko = Actor.objects.get(slug="alexander-lukashenko")
    count, kinds, first = lukashenko_and_queries()
    again = lukashenko_and_queries()
    # The articles per actor and the actors per kind are counted once: the page's actors
    # are all that is left to read.
    assert again == (count, kinds, 1) and first > 1
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.create(
            title="Лукашэнка сустрэўся з памежнікамі ў Брэсце",
            body="Аляксандр Лукашэнка наведаў памежную заставу пад Брэстам.",
            language="be",
            source=Article.objects.first().source,
            status="published",
            published_precision="unknown",
        )
        Mention.objects.create(article=article, actor=lukashenko, count=1)
    assert lukashenko_and_queries()[0] == count + 1


def test_event_timeline_filters(reader):
    url = reverse("articles:event_list")
    all_events = reader.get(url).context["page"].paginator.count
    denied = reader.get(url, {"status": "denied"})
    denied_count = denied.context["page"].paginator.count
    assert 0 < denied_count < all_events
    assert "badge--denied" in denied.content.decode()
    # Any of several statuses: each event once, found without SELECT DISTINCT (which had
    # PostgreSQL count the outlets of every event with those statuses before paging).
    with CaptureQueriesContext(connection) as queries:
        either = reader.get(url, {"status": ["denied", "confirmed"]}).context["page"]
    slugs = [event.slug for event in either.object_list]
    assert len(slugs) == len(set(slugs)) == either.paginator.count > denied_count
    assert not [query for query in queries if query["sql"].startswith("SELECT DISTINCT")]
    years = reader.get(url, {"date_after": "2023-01-01"}).context["timeline"]
    assert all(year["label"] >= "2023" for year in years)
    by_actor = reader.get(url, {"actor": "wagner-group"}).context["page"].object_list
    assert by_actor and all(
        any(p.actor.slug == "wagner-group" for p in e.participants.all()) for e in by_actor
    )


def test_event_page(reader):
    response = reader.get(
        reverse("articles:event_detail", args=["belarusian-border-guard-crosses-into-ukraine"])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "badge--denied" in body
    assert NEWSWEEK in body
    assert reverse("articles:actor_detail", args=["state-border-service-of-ukraine"]) in body


def test_source_pages(reader):
    body = reader.get(reverse("articles:source_list")).content.decode()
    assert "Newsweek" in body
    response = reader.get(reverse("articles:source_detail", args=["ocnus-net"]))
    assert [a.title for a in response.context["copies"]] == [FOREIGN_POLICY]
    response = reader.get(reverse("articles:source_detail", args=["ukrainska-pravda"]))
    assert [a.title for a in response.context["citing"]] == [NEWSWEEK]


def test_topic_pages(reader):
    body = reader.get(reverse("articles:topic_list")).content.decode()
    assert "Regime complicity" in body
    response = reader.get(reverse("articles:topic_detail", args=["sanctions"]))
    assert titles(response) == {BYLINE_TIMES}
    assert f"{reverse('articles:article_feed')}?topic=sanctions" in response.content.decode()


def test_home_page(reader):
    response = reader.get(reverse("articles:home"))
    body = response.content.decode()
    assert response.context["counts"]["articles"] == 3
    assert response.context["key_actors"][0].slug == "alexander-lukashenko"
    assert f'action="{reverse("articles:article_list")}"' in body
