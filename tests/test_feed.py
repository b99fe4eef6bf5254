import html
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import Actor, Article, Source

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, **params):
    response = client.get(reverse("articles:article_feed"), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


def titles(root):
    return [entry.findtext(f"{ATOM}title") for entry in entries(root)]


def test_feed_parses_as_atom_with_one_entry_per_published_article_newest_first(reader, draft):
    root = feed(reader)
    assert titles(root) == [
        "Belarus is Complicit in Russia’s War Crimes and Should be Punished Accordingly",
        "Meet the Belarusian Regiment Fighting for Ukraine",
        "Belarusian Border Guard Abandons Post to Fight With Ukraine: Report",
    ]
    assert root.findtext(f"{ATOM}title") == "Belarus War Archive: latest articles"
    assert root.findtext(f"{ATOM}updated")
    fp = entries(root)[1]
    link = fp.find(f"{ATOM}link").get("href")
    assert link == "http://testserver" + reverse(
        "articles:article_detail", args=["meet-the-belarusian-regiment-fighting-for-ukraine"]
    )
    assert (
        fp.findtext(f"{ATOM}summary")
        == "Someday, soldiers hope to return home and topple Lukashenko."
    )
    assert fp.findtext(f"{ATOM}author/{ATOM}name") == "Sam Skove"
    assert fp.findtext(f"{ATOM}updated")
    assert fp.findtext(f"{ATOM}published").startswith("2023-02-20")
    # No byline: the publisher stands as the author; no standfirst: the first paragraph.
    newsweek = entries(root)[2]
    assert newsweek.findtext(f"{ATOM}author/{ATOM}name") == "Newsweek"
    summary = html.unescape(newsweek.findtext(f"{ATOM}summary"))
    # Atom dates are full timestamps: the summary says the day is not known.
    assert summary.startswith("Dated July 2022 (approximate). One of Belarus' border guards")
    categories = {c.get("term") for c in newsweek.findall(f"{ATOM}category")}
    assert "Border incidents" in categories


def test_feed_honours_filters_and_links_to_the_filtered_list(reader, draft):
    luka = Actor.objects.get(slug="alexander-lukashenko")
    root = feed(reader, source="foreign-policy", actor=luka.slug)
    assert titles(root) == ["Meet the Belarusian Regiment Fighting for Ukraine"]
    assert "source foreign-policy" in root.findtext(f"{ATOM}title")
    alternate = next(
        link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "alternate"
    )
    assert alternate.startswith("http://testserver" + reverse("articles:article_list") + "?")
    assert "source=foreign-policy" in alternate and f"actor={luka.slug}" in alternate

    assert titles(feed(reader, date_after="2023-01-01", date_before="2023-03-01")) == [
        "Meet the Belarusian Regiment Fighting for Ukraine"
    ]
    assert titles(feed(reader, source="the-guardian")) == []


def test_feed_holds_at_most_50_entries(reader, seeded):
    newsweek = Source.objects.get(slug="newsweek")
    Article.objects.bulk_create(
        Article(
            title=f"Bulk {n}",
            slug=f"bulk-{n}",
            body="Text.",
            source=newsweek,
            published_on="2024-01-01",
            status=Article.Status.PUBLISHED,
        )  # fmt: skip
        for n in range(60)
    )
    assert len(entries(feed(reader))) == 50


def test_feed_escapes_archived_text(reader, seeded):
    Article.objects.create(
        title="<script>alert(1)</script> & more",
        standfirst="<img src=x onerror=alert(1)>",
        body="Text.",
        source=Source.objects.get(slug="newsweek"),
        published_on="2025-01-01",
        status=Article.Status.PUBLISHED,
    )
    response = reader.get(reverse("articles:article_feed"))
    assert b"<script>" not in response.content and b"<img" not in response.content
    entry = entries(ET.fromstring(response.content))[0]
    # The title is a text construct: readers show it as written.
    assert entry.findtext(f"{ATOM}title") == "<script>alert(1)</script> & more"
    # The summary is HTML: the markup arrives escaped, as text.
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "&lt;img src=x onerror=alert(1)&gt;"


def test_control_characters_in_a_query_or_a_title_do_not_break_the_feed(reader, seeded):
    Article.objects.create(
        title="Bell\x07 in the title",
        body="Text.",
        source=Source.objects.get(slug="newsweek"),
        published_on="2025-01-01",
        status=Article.Status.PUBLISHED,
    )
    root = feed(reader, q="border\x01guard\x0b")
    assert "\x01" not in root.findtext(f"{ATOM}title")
    assert "Bell in the title" in titles(feed(reader))


@pytest.mark.parametrize(
    "params",
    [{"actor": "nobody"}, {"date_before": "2023-13-01"}, {"language": "xx"}, {"q": "x" * 5000}],
)
def test_bad_filters_are_a_400_not_a_feed(reader, seeded, params):
    response = reader.get(reverse("articles:article_feed"), params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert f"{next(iter(params))}: " in response.content.decode()


def test_feed_queries_are_fixed(reader, seeded, django_assert_num_queries):
    # Articles with sources + topics + mentions (for_list).
    with django_assert_num_queries(3):
        assert len(entries(feed(reader))) == 3
