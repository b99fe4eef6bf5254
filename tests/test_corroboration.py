"""Independent outlets: republications, copies and mere citations count once, as the original."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Article, Event, EventReport, Source


@pytest.fixture
def outlets(db):
    """Newsweek, Ocnus.net (a republisher) and Ukrainska Pravda."""
    return {
        slug: Source.objects.create(name=name, slug=slug, kind=kind)
        for slug, name, kind in [
            ("newsweek", "Newsweek", "news"),
            ("ocnus-net", "Ocnus.net", "aggregator"),
            ("ukrainska-pravda", "Ukrainska Pravda", "news"),
        ]
    }


def article(source, title, retrieved_from=None, status=Article.Status.PUBLISHED):
    return Article.objects.create(
        title=title,
        body="Прыкардонная служба паведаміла пра затрыманне.",
        source=source,
        retrieved_from=retrieved_from,
        published_on=datetime.date(2022, 7, 1),
        status=status,
    )


@pytest.fixture
def crossing(outlets):
    return Event.objects.create(
        title="Belarusian border guard crosses into Ukraine", start_date=datetime.date(2022, 6, 29)
    )


def count(event):
    return Event.objects.with_outlet_count().get(pk=event.pk).outlet_count


def test_reported_by_one_outlet_and_republished_by_another_counts_one(crossing, outlets):
    original = article(outlets["newsweek"], "Border guard abandons post")
    EventReport.objects.create(event=crossing, article=original)
    # The copy the archive took from the republisher: still Newsweek's reporting.
    copy = article(outlets["newsweek"], "Border guard abandons post (copy)", outlets["ocnus-net"])
    EventReport.objects.create(event=crossing, article=copy)
    # Ocnus's own republication, marked as relaying Newsweek.
    republished = article(outlets["ocnus-net"], "Border guard abandons post — republished")
    EventReport.objects.create(
        event=crossing, article=republished, original_outlet=outlets["newsweek"]
    )
    assert count(crossing) == 1
    assert list(Event.objects.reported_by_at_least(2)) == []


def test_an_outlet_only_citing_another_counts_as_the_original(crossing, outlets):
    pravda = article(outlets["ukrainska-pravda"], "Прыкардоннік перайшоў мяжу")
    EventReport.objects.create(event=crossing, article=pravda)
    citing = article(outlets["newsweek"], "Report: Belarusian guard defects")
    EventReport.objects.create(
        event=crossing, article=citing, original_outlet=outlets["ukrainska-pravda"]
    )
    assert count(crossing) == 1
    own = article(outlets["newsweek"], "Newsweek's own interview with the guard")
    EventReport.objects.create(event=crossing, article=own)
    assert count(crossing) == 2
    assert list(Event.objects.reported_by_at_least(2)) == [crossing]


def test_drafts_do_not_count(crossing, outlets):
    EventReport.objects.create(
        event=crossing, article=article(outlets["newsweek"], "Draft", status=Article.Status.DRAFT)
    )
    assert count(crossing) == 0


def test_the_event_page_lists_outlets_and_marks_republications(reader, crossing, outlets):
    original = article(outlets["newsweek"], "Border guard abandons post")
    copy = article(
        outlets["newsweek"], "Border guard abandons post (Ocnus copy)", outlets["ocnus-net"]
    )
    citing = article(outlets["ocnus-net"], "Republished: border guard")
    EventReport.objects.create(event=crossing, article=original)
    EventReport.objects.create(event=crossing, article=copy)
    EventReport.objects.create(event=crossing, article=citing, original_outlet=outlets["newsweek"])
    response = reader.get(crossing.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reported by 1 independent outlet" in html
    section = html.split('id="outlets-title"')[1].split("</section>")[0]
    assert section.count('<a href="/sources/newsweek/">Newsweek</a>') == 1
    assert "the archived copy is a republication by Ocnus.net" in section
    assert "published by Ocnus.net, relaying this outlet" in section


def test_the_timeline_filters_and_counts_by_independent_outlets(reader, crossing, outlets):
    other = Event.objects.create(
        title="Quiet day at the border", start_date=datetime.date(2022, 7, 2)
    )
    EventReport.objects.create(
        event=other, article=article(outlets["newsweek"], "Nothing happened")
    )
    for source in ("newsweek", "ukrainska-pravda"):
        EventReport.objects.create(
            event=crossing, article=article(outlets[source], f"Crossing in {source}")
        )
    url = reverse("articles:event_list")
    response = reader.get(url, {"outlets": "2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert crossing.title in html and other.title not in html
    facet = reader.get(url).content.decode().split('id="facet-outlets"')[1].split("</section>")[0]
    assert (
        'href="?outlets=2">reported by 2 or more outlets</a>\n'
        '            <span class="count">1</span>' in facet
    )
    assert '<span class="count">2</span>' in facet  # at least one outlet: both events
    assert reader.get(url, {"outlets": "many"}).status_code == 400
