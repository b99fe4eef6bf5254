"""What keeps pages fast at 100,000 articles, shown on the seed with small caps."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import paging
from articles.models import Article, Mention

BYLINE_TIMES = "Belarus is Complicit in Russia’s War Crimes and Should be Punished Accordingly"
FOREIGN_POLICY = "Meet the Belarusian Regiment Fighting for Ukraine"
NEWSWEEK = "Belarusian Border Guard Abandons Post to Fight With Ukraine: Report"

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture(autouse=True)
def empty_cache():
    """Counts and facets are cached per query: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


def listed(client, **params):
    return client.get(reverse("articles:article_list"), params)


def test_count_stops_at_the_cap_and_pages_stop_there_too(reader, settings, monkeypatch):
    """Three published articles, a cap of two: "2+", two pages of one, page 3 is not listed."""
    monkeypatch.setattr(paging.CappedPaginator, "cap", 2)
    settings.ARCHIVE_PAGE_SIZE = 1
    response = listed(reader)
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.capped
    assert "2+ articles" in body
    assert "Only the first 2 are listed" in body
    assert listed(reader, page=2).status_code == 200
    assert listed(reader, page=3).status_code == 404


def test_a_count_under_the_cap_is_exact(reader):
    response = listed(reader)
    assert not response.context["page"].paginator.capped
    assert "3 articles" in response.content.decode()
    assert "Only the first" not in response.content.decode()


def test_capped_count_counts_no_further_than_the_cap(seeded):
    assert paging.capped_count(Article.objects.published(), cap=2) == (2, True)
    assert paging.capped_count(Article.objects.published(), cap=3) == (3, False)
    assert paging.capped_count(Article.objects.none()) == (0, False)


def test_deep_pages_found_by_id_keep_the_order(reader, settings, monkeypatch):
    """Rows looked up by id (as from page 51 on) come in the list's order, with their links."""
    monkeypatch.setattr(paging, "DEEP_OFFSET", 0)
    settings.ARCHIVE_PAGE_SIZE = 1
    shown = [listed(reader, page=n).context["page"].object_list[0].title for n in (1, 2, 3)]
    assert shown == [BYLINE_TIMES, FOREIGN_POLICY, NEWSWEEK]
    response = listed(reader, page=1, sort="oldest")
    oldest = response.context["page"].object_list
    assert [a.title for a in oldest] == [NEWSWEEK]
    # The row still links its actors.
    shown = Mention.objects.shown().filter(article=oldest[0]).order_by("-count", "actor__name")
    assert shown.exists()
    for mention in shown[:5]:
        assert f'href="{mention.actor.get_absolute_url()}"' in response.content.decode()


def test_facets_take_one_query(reader, django_assert_num_queries):
    """Source, topic, actor and year counts in one grouped query, whatever is chosen."""
    listed(reader)  # the page's other queries: warm nothing but Django's own caches
    cache.clear()
    with django_assert_num_queries(6):  # count, page, topics, mentions, facets, chart
        response = listed(reader)
    assert {f.param for f in response.context["facets"]} == {"source", "topic", "actor", "year"}


def test_facet_counts_are_kept_until_the_archive_changes(
    reader, django_capture_on_commit_callbacks
):
    first = listed(reader)
    with CaptureQueriesContext(connection) as again:
        listed(reader)
    assert not [q for q in again.captured_queries if "facet_sample" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(title=NEWSWEEK).delete()
    after = listed(reader)
    year_counts = [sum(v.count for v in _facet(r, "year").values) for r in (first, after)]
    assert year_counts == [3, 2]
    assert after.context["page"].paginator.count == 2


def _facet(response, param):
    return next(f for f in response.context["facets"] if f.param == param)


def test_counts_are_kept_until_the_archive_changes(
    seeded, django_assert_num_queries, django_capture_on_commit_callbacks
):
    published = Article.objects.published()
    assert paging.capped_count(published) == (3, False)
    with django_assert_num_queries(0):
        assert paging.capped_count(published) == (3, False)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(title=NEWSWEEK).get().delete()
    with django_assert_num_queries(1):
        assert paging.capped_count(published) == (2, False)
