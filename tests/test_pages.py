"""Guard: every public page of the seed archive answers 200 with exactly one <h1>."""

import re

import pytest
from django.urls import reverse

from articles.models import Actor, Article, Event, Source, Topic

H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)


def public_urls():
    """Every list page, and the detail page of every seed object."""
    urls = [
        reverse(f"articles:{name}")
        for name in (
            "home",
            "article_list",
            "actor_list",
            "event_list",
            "source_list",
            "topic_list",
        )
    ]
    for model in (Article, Actor, Event, Source, Topic):
        queryset = model.objects.all()
        if model is Article:
            queryset = queryset.published()
        urls += [obj.get_absolute_url() for obj in queryset]
    return urls


@pytest.mark.usefixtures("seeded")
def test_every_public_page_renders_with_one_h1(reader):
    urls = public_urls()
    assert len(urls) > 60  # the seed's 3 articles, 36 actors, 14 events, … are all walked
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert len(H1.findall(body)) == 1, url
        assert 'href="#main"' in body, url  # the skip link


@pytest.mark.usefixtures("seeded")
def test_filtered_and_error_pages_keep_one_h1(reader):
    for url, status in [
        (reverse("articles:article_list") + "?actor=wagner-group&source=newsweek", 200),
        (reverse("articles:article_list") + "?date_after=2023-02-30", 400),
        (reverse("articles:event_list") + "?status=bogus", 400),
        (reverse("articles:article_list") + "?page=abc", 400),
    ]:
        response = reader.get(url)
        assert response.status_code == status, url
        assert len(H1.findall(response.content.decode())) == 1, url


@pytest.mark.usefixtures("seeded")
def test_no_inline_script_or_style_attributes(reader):
    for url in public_urls()[:12]:
        body = reader.get(url).content.decode()
        assert "<script" not in body, url
        assert " style=" not in body, url


@pytest.mark.usefixtures("seeded")
def test_every_form_field_has_a_label(reader):
    for name in ("article_list", "actor_list", "event_list", "home"):
        body = reader.get(reverse(f"articles:{name}")).content.decode()
        for field_id in re.findall(r'<(?:input|select)[^>]*\sid="([^"]+)"', body):
            assert f'for="{field_id}"' in body, (name, field_id)


def test_the_header_marks_this_pages_section_in_its_language(db, reader):
    """Each process draws the header once per language and section: the mark and the
    words still follow the page."""
    cases = [
        ("/articles/", "/articles/", "Articles"),
        ("/actors/", "/actors/", "Actors"),
        ("/be/articles/", "/be/articles/", "Артыкулы"),
        ("/be/events/", "/be/events/", "Храналогія"),
        ("/articles/?q=Lukashenka", "/articles/", "Articles"),
        ("/uk/sources/", "/uk/sources/", "Джерела"),
    ]
    for path, section, label in cases:
        html = reader.get(path).content.decode()
        nav = html[html.index('class="site-nav"') : html.index("</nav>")]
        assert re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)<', nav) == [
            (section, label)
        ], path
