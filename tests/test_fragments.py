"""Parts of pages kept in the cache with the page cache off: list rows, the attention
chart, the map of events, an article's related articles and an actor's companions. Each is
drawn once, served again without its queries, and redrawn on the next request after any
change to the archive, in the reader's language."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles import attention as attention_module
from articles.maps.event_map import MAP_EVENTS
from articles.models import Actor, Article, Event, Mention

pytestmark = pytest.mark.usefixtures("seeded")

NEWSWEEK = "Belarusian Border Guard Abandons Post to Fight With Ukraine: Report"


@pytest.fixture(autouse=True)
def english():
    """URLs reversed in English: a request in another language leaves it active."""
    with translation.override("en"):
        yield


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """What the archive does when a change commits (a test's transaction never does)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def get(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def touches(queries, table):
    return [sql for sql in queries if f'"{table}"' in sql.split(" WHERE ")[0]]


# List rows ------------------------------------------------------------------------------


def test_rows_are_drawn_once_and_served_without_their_topics_and_actors(reader):
    url = reverse("articles:article_list")
    first, drawn = get(reader, url)
    again, served = get(reader, url)
    assert again == first
    assert touches(drawn, "articles_mention") and touches(drawn, "articles_article_topics")
    assert not touches(served, "articles_mention")
    assert not touches(served, "articles_article_topics")
    # The page's articles alone: their count, facets, chart and rows are all kept.
    assert len(served) == 1 and len(drawn) > 1


def test_a_row_is_redrawn_after_a_change(reader, commit):
    url = reverse("articles:article_list")
    assert NEWSWEEK in get(reader, url)[0]
    with commit():
        article = Article.objects.get(title=NEWSWEEK)
        article.title = "Памежнік пакінуў пост і паехаў ваяваць за Украіну"
        article.save()
    page = get(reader, url)[0]
    assert "Памежнік пакінуў пост" in page and NEWSWEEK not in page


def test_a_renamed_actor_is_renamed_in_every_row(reader, commit):
    url = reverse("articles:actor_detail", args=["alexander-lukashenko"])
    assert ">Alexander Lukashenko</a>" in get(reader, reverse("articles:article_list"))[0]
    get(reader, url)
    with commit():
        Actor.objects.filter(slug="alexander-lukashenko").update(name="Аляксандр Лукашэнка")
        Actor.objects.get(slug="alexander-lukashenko").save()
    for page in (reverse("articles:article_list"), url):
        body = get(reader, page)[0]
        assert ">Аляксандр Лукашэнка</a>" in body and ">Alexander Lukashenko</a>" not in body


def test_rows_speak_the_readers_language(reader):
    english = get(reader, reverse("articles:article_list"))[0]
    belarusian = get(reader, "/be/articles/")[0]
    assert '<span class="visually-hidden">Language: </span>English' in english
    assert '<span class="visually-hidden">Мова: </span>Англійская' in belarusian
    assert 'href="/be/articles/' in belarusian and 'href="/be/articles/' not in english


def test_a_search_result_row_shows_the_words_that_query_matched(reader):
    url = reverse("articles:search")
    border = get(reader, url, {"q": "border guard"})[0]
    regiment = get(reader, url, {"q": "regiment"})[0]
    again = get(reader, url, {"q": "border guard"})[0]
    assert "<mark>" in border and "<mark>" in regiment
    assert border.count("<mark>") != regiment.count("<mark>") or border != regiment
    assert again == border


# The chart ------------------------------------------------------------------------------


def test_a_kept_chart_is_drawn_once_and_redrawn_after_a_change(reader, commit, monkeypatch):
    drawn = []
    chart = attention_module.chart
    monkeypatch.setattr(
        "articles.templatetags.archive_fragments.chart",
        lambda series: drawn.append(series.total) or chart(series),
    )
    url = reverse("articles:article_list")
    first = get(reader, url)[0]
    assert get(reader, url)[0] == first
    assert drawn == [3]
    with commit():
        Article.objects.create(
            title="Яшчэ адзін артыкул пра мяжу",
            body="Кароткі тэкст пра памежны пераход.",
            published_on=datetime.date(2023, 3, 1),
            source=Article.objects.get(title=NEWSWEEK).source,
            status=Article.Status.PUBLISHED,
        )
    assert 'data-count="1"' in get(reader, url)[0]
    assert drawn == [3, 4]


def test_a_chart_is_kept_per_language(reader):
    english = get(reader, reverse("articles:article_list"))[0]
    ukrainian = get(reader, "/uk/articles/")[0]
    assert "Articles per month" in english
    assert "Статті за місяцями" in ukrainian and "Articles per month" not in ukrainian


# The map --------------------------------------------------------------------------------


def located_events(queries):
    """The map's query: the newest located events, one more than it draws."""
    return [sql for sql in queries if sql.endswith(f"LIMIT {MAP_EVENTS + 1}")]


def test_the_timeline_map_is_drawn_once_and_redrawn_after_a_change(reader, commit):
    url = reverse("articles:event_list")
    first, drawn = get(reader, url)
    again, served = get(reader, url)
    assert again == first and located_events(drawn) and not located_events(served)
    with commit():
        Event.objects.create(
            title="Затрыманне на пераходзе Церахоўка",
            start_date=datetime.date(2024, 2, 3),
            place="Церахоўка",
            place_precision="locality",
            country="BY",
            latitude=52.22,
            longitude=31.4,
        )
    places = get(reader, url)[0].split('<ol class="event-map__places">')[1].split("</ol>")[0]
    assert "Затрыманне на пераходзе Церахоўка" in places


def test_a_filtered_map_is_kept_apart_from_the_whole_timeline(reader):
    everything = get(reader, reverse("articles:event_list"))[0]
    filtered = get(reader, reverse("articles:event_list"), {"q": "Protasevich"})[0]
    assert everything.count("event-map__marker--") > filtered.count("event-map__marker--") >= 1


# Related articles and companions ---------------------------------------------------------


def test_related_articles_follow_a_change(reader, commit):
    article = Article.objects.get(title=NEWSWEEK)
    page = article.get_absolute_url()
    related = reader.get(page).context["related"]
    assert related
    gone = related[0]
    with commit():
        Article.objects.filter(pk=gone.pk).update(status=Article.Status.DRAFT)
        gone.refresh_from_db()
        gone.save()
    assert gone.pk not in [a.pk for a in reader.get(page).context["related"]]


def test_an_actors_companions_are_counted_once_per_change(reader, commit):
    url = reverse("articles:actor_detail", args=["alexander-lukashenko"])
    _, first = get(reader, url)
    _, again = get(reader, url)
    assert len(again) < len(first)
    companion = reader.get(url).context["alongside"][0]
    with commit():
        Mention.objects.filter(actor__slug=companion["actor__slug"]).update(rejected=True)
        Actor.objects.get(slug=companion["actor__slug"]).save()
    slugs = [row["actor__slug"] for row in reader.get(url).context["alongside"]]
    assert companion["actor__slug"] not in slugs


# Snippets -------------------------------------------------------------------------------


def test_a_querys_snippets_are_made_once_per_change(reader, commit, monkeypatch):
    from articles.search import snippets

    made = []
    snippet = snippets.snippet
    monkeypatch.setattr(
        snippets, "snippet", lambda text, *args: made.append(text) or snippet(text, *args)
    )
    url = reverse("articles:search")
    first = get(reader, url, {"q": "border guard"})[0]
    assert made and get(reader, url, {"q": "border guard"})[0] == first
    assert len(made) == len(set(made))  # each article's snippet made once
    with commit():
        article = Article.objects.get(title=NEWSWEEK)
        article.standfirst = "The border guard left his post at the crossing near Mazyr."
        article.save()
    page = get(reader, url, {"q": "border guard"})[0]
    assert "crossing near Mazyr" in page and len(made) > len(set(made))


# The facets -----------------------------------------------------------------------------


def test_the_facet_panel_is_drawn_once_per_query_and_redrawn_after_a_change(
    reader, commit, monkeypatch
):
    from articles import facets

    built = []
    build = facets._facets
    monkeypatch.setattr(
        facets,
        "_facets",
        lambda params, counted: built.append(params.urlencode()) or build(params, counted),
    )
    url = reverse("articles:article_list")
    first = get(reader, url)[0]
    assert get(reader, url)[0] == first and built == [""]
    source = Article.objects.get(title=NEWSWEEK).source
    narrowed = get(reader, url, {"source": source.slug})[0]
    assert built == ["", f"source={source.slug}"]
    panel = narrowed.split('<section class="facets panel"')[1].split("</section>")[0]
    assert '<a href="./" aria-current="true"' in panel
    with commit():
        Article.objects.create(
            title="Яшчэ адзін артыкул пра мяжу",
            body="Кароткі тэкст пра памежны пераход.",
            published_on=datetime.date(2023, 3, 1),
            source=source,
            status=Article.Status.PUBLISHED,
        )
    get(reader, url)
    assert built == ["", f"source={source.slug}", ""]


def test_a_facet_panel_is_kept_per_language(reader):
    english = get(reader, reverse("articles:article_list"))[0]
    belarusian = get(reader, "/be/articles/")[0]
    with translation.override("be"):
        heading = translation.gettext("Source (any of)")
    assert heading != "Source (any of)"
    assert ">Source (any of)</h3>" in english
    assert f">{heading}</h3>" in belarusian and "Source (any of)" not in belarusian


# Event rows and an actor's events ------------------------------------------------------


def test_timeline_rows_are_drawn_once_and_redrawn_after_a_change(reader, commit, monkeypatch):
    from articles.models import event as event_module

    drawn = []
    date_display = event_module.Event.date_display
    monkeypatch.setattr(
        event_module.Event,
        "date_display",
        property(lambda event: drawn.append(event.pk) or date_display.fget(event)),
    )
    url = reverse("articles:event_list")
    first = get(reader, url)[0]
    rows = len(drawn)
    assert rows and get(reader, url)[0] == first and len(drawn) == rows
    with commit():
        event = Event.objects.order_by("pk").first()
        event.title = "Затрыманне журналіста на мяжы пад Брэстам"
        event.save()
    assert "Затрыманне журналіста на мяжы пад Брэстам" in get(reader, url)[0]
    assert len(drawn) > rows


def test_an_actors_events_are_drawn_once_and_redrawn_after_a_change(reader, commit):
    from articles.models import EventActor

    role = EventActor.objects.select_related("actor", "event").order_by("pk").first()
    url = reverse("articles:actor_detail", args=[role.actor.slug])
    first, drawn = get(reader, url)
    again, served = get(reader, url)
    assert again == first and role.event.title in first
    assert touches(drawn, "articles_eventactor") and not touches(served, "articles_eventactor")
    with commit():
        role.event.title = "Затрымання на пераходзе Варшаўскі мост"
        role.event.save()
    assert "Затрымання на пераходзе Варшаўскі мост" in get(reader, url)[0]
