"""Attention over time: the chart's counts are the counts by query, and add up to the set."""

import csv
import datetime
import io
import re
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.urls import reverse

from articles.filters import ArticleFilter
from articles.models import Actor, Article, Mention, Source

BAR = re.compile(
    r'<rect class="attention__(bar|year-only)"[^>]*data-period="([^"]+)" data-count="(\d+)"'
)


def drawn(response):
    """{(kind, period): count} of the bars and year-only strips in the page's SVG."""
    html = response.content.decode()
    return {(kind, period): int(n) for kind, period, n in BAR.findall(html)}


@pytest.fixture
def spread(seeded):
    """Twelve more published articles naming Lukashenka, some dated only to the month or the
    year and one undated, plus a draft the public chart must not count."""
    source = Source.objects.get(slug="newsweek")
    lukashenko = Actor.objects.get(slug="alexander-lukashenko")
    dates = [
        ("2022-07-04", "day"), ("2022-07-19", "day"), ("2022-07-01", "month"),
        ("2022-09-30", "day"), ("2023-01-01", "year"), ("2023-01-01", "year"),
        ("2022-01-01", "year"), ("2023-03-02", "day"), ("2023-03-01", "month"),
        ("2023-08-15", "day"), ("2023-08-01", "month"), (None, "unknown"),
    ]  # fmt: skip
    made = []
    for i, (day, precision) in enumerate(dates):
        article = Article.objects.create(
            title=f"Лукашэнка і мяжа {i}",
            body="Аляксандр Лукашэнка зноў казаў пра мяжу з Украінай.",
            source=source,
            language="be",
            published_on=day and datetime.date.fromisoformat(day),
            published_precision=precision,
            status=Article.Status.PUBLISHED,
        )
        Mention.objects.get_or_create(article=article, actor=lukashenko)
        made.append(article)
    Article.objects.create(
        title="Чарнавік", body="Лукашэнка.", source=source, published_on="2022-07-02",
        status=Article.Status.DRAFT,
    )  # fmt: skip
    return made


def by_query(queryset):
    """The counts the chart should draw, counted here by plain queries."""
    counts = {}
    for article in queryset:
        if article.published_precision in ("day", "month"):
            key = ("bar", article.published_on.strftime("%B %Y"))
        elif article.published_precision == "year":
            key = ("year-only", str(article.published_on.year))
        else:
            continue
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_the_article_list_chart_draws_the_counts_by_query(reader, spread):
    response = reader.get(reverse("articles:article_list"))
    assert response.status_code == 200
    published = Article.objects.published()
    assert drawn(response) == by_query(published)
    assert drawn(response)[("bar", "July 2022")] == 4  # three new ones and Newsweek's
    html = response.content.decode()
    assert "3 articles are dated only to their year" in html
    assert "1 article has no known date" in html
    undated = published.filter(published_on=None).count()
    assert sum(drawn(response).values()) + undated == published.count() == 15


def test_the_chart_follows_the_filters_and_the_alias_search(reader, spread):
    # "Лукашэнка" is read as the actor: every article naming him, in any spelling.
    params = {"q": "Лукашэнка", "date_after": "2022-07-01", "date_before": "2023-03-31"}
    response = reader.get(reverse("articles:article_list"), params)
    assert response.status_code == 200
    filterset = ArticleFilter(QueryDict(urlencode(params)), queryset=Article.objects.published())
    expected = filterset.qs
    assert drawn(response) == by_query(expected)
    assert sum(drawn(response).values()) == expected.count()
    # Naming him, within the dates (a year- or month-precise date counts when its period
    # overlaps them): the alias expansion and the date filters both apply.
    assert all(a.mentions.filter(actor__slug="alexander-lukashenko").exists() for a in expected)
    assert ("year-only", "2023") in drawn(response) and ("bar", "August 2023") not in drawn(
        response
    )


def test_the_actor_page_charts_the_actors_articles(reader, spread):
    response = reader.get(reverse("articles:actor_detail", args=["alexander-lukashenko"]))
    assert response.status_code == 200
    assert drawn(response) == by_query(
        Article.objects.published().mentioning(spread[0].mentions.get().actor)
    )
    assert b"attention.csv?actor=alexander-lukashenko" in response.content


def test_the_csv_series_adds_up_to_the_total_with_the_same_filters(reader, spread):
    response = reader.get(reverse("articles:attention_csv"), {"actor": "alexander-lukashenko"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["period", "precision", "articles"]
    series = {(period, precision): int(n) for period, precision, n in rows[1:]}
    assert series[("2022-07", "month")] == 4
    assert series[("2022-08", "month")] == 0  # a series: months without articles are zero
    assert series[("2023", "year")] == 2 and series[("2022", "year")] == 1
    assert series[("", "unknown")] == 1
    assert (
        sum(series.values())
        == Article.objects.published().mentioning(spread[0].mentions.get().actor).count()
    )


def test_the_csv_rejects_bad_filters_with_a_400(reader, seeded):
    response = reader.get(reverse("articles:attention_csv"), {"date_after": "31/12/2022"})
    assert response.status_code == 400
    assert b"date_after" in response.content


def test_the_chart_costs_one_query(reader, spread, django_assert_num_queries):
    from articles.attention import attention

    with django_assert_num_queries(1):
        series = attention(Article.objects.published())
    assert series.total == 15


def test_no_chart_when_nothing_matches(reader, seeded):
    response = reader.get(reverse("articles:article_list"), {"q": "samovar"})
    assert response.status_code == 200
    assert b'class="attention"' not in response.content
