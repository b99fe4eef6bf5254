import xml.etree.ElementTree as ET

from django.urls import reverse

from articles.models import Actor, Article, Event, Source, Topic

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locations(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{NS}loc")]


def section_urls(client):
    """The addresses of every section page the index lists."""
    sections = _locations(client.get(reverse("sitemap")))
    assert sections and all(s.startswith("http://testserver/sitemap-") for s in sections)
    return sections


def sitemap_paths(client):
    """Every page the sitemap lists, through the index and each section's pages."""
    locations = []
    for section in section_urls(client):
        locations += _locations(client.get(section.removeprefix("http://testserver")))
    assert all(loc.startswith("http://testserver/") for loc in locations)
    paths = [loc.removeprefix("http://testserver") for loc in locations]
    assert len(paths) == len(set(paths))
    return set(paths)


def test_sitemap_lists_every_public_page_and_no_draft(reader, draft):
    paths = sitemap_paths(reader)
    expected = {obj.get_absolute_url() for obj in Article.objects.published()}
    for model in (Actor, Event, Source, Topic):
        objects = list(model.objects.all())
        assert objects, model
        expected |= {obj.get_absolute_url() for obj in objects}
    expected |= {
        reverse(f"articles:{name}")
        for name in (
            "home",
            "article_list",
            "actor_list",
            "event_list",
            "source_list",
            "topic_list",
        )
    }
    # Every page in each interface language: English unprefixed, the others under /be/ …
    assert paths == {prefix + path for prefix in ("", "/be", "/uk", "/ru") for path in expected}
    assert draft.get_absolute_url() not in paths
    assert len([p for p in paths if p.startswith("/articles/") and p != "/articles/"]) == 3


def test_a_large_section_is_paged_and_every_article_listed(reader, seeded, monkeypatch):
    """A sitemap file holds at most 50,000 addresses; past that the index lists pages."""
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 4)  # 3 articles in 4 languages: 12 addresses
    pages = [s for s in section_urls(reader) if "/sitemap-articles.xml" in s]
    assert len(pages) == 3, pages
    paths = sitemap_paths(reader)
    for article in Article.objects.published():
        assert article.get_absolute_url() in paths


def test_sitemap_gives_articles_their_last_change(reader, seeded):
    root = ET.fromstring(reader.get("/sitemap-articles.xml").content)
    article = Article.objects.published().first()
    url = next(
        u
        for u in root.iter(f"{NS}url")
        if u.findtext(f"{NS}loc").endswith(article.get_absolute_url())
    )
    assert url.findtext(f"{NS}lastmod") == article.updated_at.date().isoformat()


def test_sitemap_queries_are_fixed(reader, seeded, django_assert_num_queries):
    # The index counts each model section once (5), and the articles once more for their
    # newest change; a section page selects its rows once.
    with django_assert_num_queries(6):
        reader.get(reverse("sitemap"))
    with django_assert_num_queries(1):
        reader.get("/sitemap-articles.xml")


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_at_the_sitemap(reader, db):
    response = reader.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
