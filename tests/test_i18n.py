"""The interface in Belarusian, Ukrainian, Russian and English; content in its own language."""

import datetime
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Source, Topic
from tests.conftest import data_words, visible_text

pytestmark = pytest.mark.usefixtures("english_between_tests")

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ["be", "uk", "ru"]

# Words the pages may show in any language: names of formats and standards, the
# switcher's own "English", the archive's code words.
ALLOWED = {
    "API", "JSON", "Lines", "CSV", "Atom", "BibTeX", "bib", "SHA", "English", "OpenStreetMap",
    "Wikidata", "OpenAPI", "YYYY", "OR",
    "yesterday",  # the bad date a test types, quoted back in the error
    "CORS", "GET", "JavaScript", "null",  # the API's guide: a standard, a method, a value
}  # fmt: skip

# Interface phrases that must not survive in a translated page (none is in the seed's text).
ENGLISH_INTERFACE = [
    "Skip to content", "Search the archive", "Latest articles", "Key actors", "Recent events",
    "Filters and facets", "Apply", "Reset", "Record", "Published", "Language", "Verification",
    "Cite this", "Related articles", "Atom feed", "Page not found", "Timeline", "Sources",
    "Topics", "Actors", "No byline", "Date unknown", "approximate", "Previous", "Next",
    "Filter", "independent outlet", "more actors", "Remove this filter", "Names",
    "Kind", "Country", "known, not the day", "Only staff",
]  # fmt: skip


def _english(address):
    """`address()` reversed in English, whatever the last request activated."""
    with translation.override(settings.LANGUAGE_CODE):
        return address()


def _page_addresses():
    """One address of every public page type (without a language prefix), with its status."""
    with translation.override(settings.LANGUAGE_CODE):
        return _addresses()


def _addresses():
    article = Article.objects.published().order_by("-published_on").first()
    topic = Topic.objects.get(slug="regime-complicity")
    return [
        (reverse("articles:home"), 200),
        (reverse("articles:article_list"), 200),
        (
            reverse("articles:article_list")
            + f"?topic={topic.slug}&actor=alexander-lukashenko&date_after=2022-01-01",
            200,
        ),
        (reverse("articles:article_list") + "?date_after=yesterday", 400),
        (reverse("articles:article_list") + "?q=Lukashenka", 200),
        (article.get_absolute_url(), 200),
        (reverse("articles:actor_list"), 200),
        (reverse("articles:actor_detail", args=["alexander-lukashenko"]), 200),
        (reverse("articles:event_list"), 200),
        (reverse("articles:event_list") + "?status=denied", 200),
        (
            reverse("articles:event_detail", args=["belarusian-border-guard-crosses-into-ukraine"]),
            200,
        ),
        (reverse("articles:source_list"), 200),
        (reverse("articles:source_detail", args=[article.source.slug]), 200),
        (reverse("articles:topic_list"), 200),
        (reverse("articles:topic_detail", args=[topic.slug]), 200),
        (reverse("articles:search"), 200),
        (reverse("articles:search") + "?q=Lukashenka", 200),
        (reverse("articles:article_detail", args=["no-such-article"]), 404),
        (reverse("api_docs"), 200),
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_public_page_speaks_the_language_without_english_left(seeded, reader, language):
    data = data_words()
    for address, status in _page_addresses():
        response = reader.get(f"/{language}{address}")
        assert response.status_code == status, (address, response.status_code)
        content = response.content.decode()
        assert f'<html lang="{language}">' in content, address
        text = visible_text(content)
        leftovers = set(re.findall(r"[A-Za-z]+", text)) - data - ALLOWED
        # Single letters and the archive's slugs in URLs shown as text are not words.
        leftovers = {word for word in leftovers if len(word) > 2}
        assert not leftovers, f"/{language}{address}: English left: {sorted(leftovers)}"
        found = [phrase for phrase in ENGLISH_INTERFACE if re.search(rf"\b{phrase}\b", text)]
        assert not found, f"/{language}{address}: {found}"


def test_english_stays_at_the_unprefixed_addresses(seeded, reader):
    response = reader.get(reverse("articles:article_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert ">Articles</h1>" in content
    assert reverse("articles:article_list") == "/articles/"
    with translation.override("be"):
        assert reverse("articles:article_list") == "/be/articles/"


# The home page's count of articles, at the numbers where the forms differ.
PLURALS = {
    1: {"be": "артыкул", "uk": "стаття", "ru": "статья", "en": "article"},
    2: {"be": "артыкулы", "uk": "статті", "ru": "статьи", "en": "articles"},
    5: {"be": "артыкулаў", "uk": "статей", "ru": "статей", "en": "articles"},
    11: {"be": "артыкулаў", "uk": "статей", "ru": "статей", "en": "articles"},
    21: {"be": "артыкул", "uk": "стаття", "ru": "статья", "en": "articles"},
    22: {"be": "артыкулы", "uk": "статті", "ru": "статьи", "en": "articles"},
}


@pytest.mark.parametrize("count", sorted(PLURALS))
def test_counts_take_the_plural_form_each_language_needs(db, reader, count):
    source = Source.objects.create(name="Наша Ніва", slug="nasha-niva")
    for n in range(count):
        Article.objects.create(
            title=f"Допіс {n + 1}",
            slug=f"dopis-{n + 1}",
            source=source,
            body="Тэкст допісу.",
            language="be",
            published_on=datetime.date(2023, 1, 1),
            published_precision="day",
            status=Article.Status.PUBLISHED,
            archived_at=timezone.now(),
        )
    for language, word in PLURALS[count].items():
        prefix = "" if language == "en" else f"/{language}"
        content = reader.get(f"{prefix}/").content.decode()
        assert f"<strong>{count}</strong> {word}</a>" in content, (language, count)


def test_dates_put_the_month_in_the_form_each_language_needs(seeded, reader):
    day = "/articles/meet-the-belarusian-regiment-fighting-for-ukraine/"
    month = (
        "/articles/belarus-is-complicit-in-russias-war-crimes-and-should-be-punished-accordingly/"
    )
    expected = {
        "be": ("20 лютага 2023", "жнівень 2023"),
        "uk": ("20 лютого 2023", "серпень 2023"),
        "ru": ("20 февраля 2023", "август 2023"),
        "en": ("20 February 2023", "August 2023"),
    }
    for language, (in_a_date, alone) in expected.items():
        prefix = "" if language == "en" else f"/{language}"
        assert in_a_date in reader.get(prefix + day).content.decode()
        assert alone in reader.get(prefix + month).content.decode()


def test_the_switcher_keeps_the_page_and_its_filters_and_remembers(seeded, reader):
    query = "?topic=regime-complicity&actor=alexander-lukashenko&sort=oldest"
    content = reader.get("/articles/" + query).content.decode()
    switch = re.search(r'<a href="([^"]+)" hreflang="be"', content).group(1)
    response = reader.get(html.unescape(switch))
    assert response.status_code == 302
    assert response["Location"] == "/be/articles/" + query
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "be"
    page = reader.get(response["Location"]).content.decode()
    assert "Тэма: <strong>" in page  # the filters are still applied, now in Belarusian
    # The remembered choice takes the reader from / to their language.
    assert reader.get("/")["Location"] == "/be/"


def test_the_switcher_sends_nowhere_else(db, reader):
    response = reader.get("/language/uk/?next=https://example.com/")
    assert response.status_code == 302
    assert response["Location"] == "/uk/"
    assert reader.get("/language/xx/?next=/articles/")["Location"] == "/articles/"


def test_a_first_visit_to_home_follows_accept_language(seeded, reader):
    response = reader.get("/", HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/uk/"
    assert "Accept-Language" in response["Vary"]
    english = reader.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    # Other addresses keep their language: /articles/ is the English list.
    assert reader.get("/articles/", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200


def test_a_chosen_language_outweighs_the_browser(seeded, reader):
    reader.get("/language/en/?next=/")
    assert reader.get("/", HTTP_ACCEPT_LANGUAGE="be").status_code == 200


def test_content_carries_its_own_language(seeded, reader):
    article = "/articles/meet-the-belarusian-regiment-fighting-for-ukraine/"
    content = reader.get("/ru" + article).content.decode()
    assert '<html lang="ru">' in content
    assert '<div class="article-body" lang="en">' in content
    assert '<h1 id="article-title" lang="en">' in content
    assert "<dd>Английский</dd>" in content  # the article's language, named in Russian
    listing = reader.get("/ru/articles/?q=regiment").content.decode()
    assert '<p class="snippet" lang="en">' in listing
    assert f'href="/ru{article}" lang="en"' in listing


def test_hreflang_alternates_name_every_language_with_the_query(seeded, reader):
    content = reader.get("/uk/events/?status=denied").content.decode()
    for code, prefix in [("en", ""), ("be", "/be"), ("uk", "/uk"), ("ru", "/ru")]:
        assert (
            f'<link rel="alternate" hreflang="{code}" '
            f'href="http://testserver{prefix}/events/?status=denied">' in content
        )
    assert 'hreflang="x-default" href="http://testserver/events/?status=denied"' in content


def test_the_sitemap_lists_each_page_in_each_language(seeded, reader):
    content = reader.get("/sitemap-articles.xml").content.decode()
    article = _english(lambda: Article.objects.published().first().get_absolute_url())
    for prefix in ["", "/be", "/uk", "/ru"]:
        assert f"<loc>http://testserver{prefix}{article}</loc>" in content


def test_data_stays_the_same_in_every_language(seeded, reader):
    english = reader.get("/articles/export.json?actor=alexander-lukashenko")
    belarusian = reader.get("/be/articles/export.json?actor=alexander-lukashenko")
    assert b"".join(english.streaming_content) == b"".join(belarusian.streaming_content)
    csv_en = b"".join(reader.get("/articles/export.csv").streaming_content)
    csv_ru = b"".join(reader.get("/ru/articles/export.csv").streaming_content)
    assert csv_en == csv_ru
    api = reader.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="be").json()
    assert {event["status"] for event in api["results"]} <= {
        "reported", "corroborated", "confirmed", "disputed", "denied",
    }  # fmt: skip
    assert json.dumps(api, ensure_ascii=False).count("Паведамляецца") == 0


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_api_guide_is_in_the_readers_language_about_the_one_api(seeded, reader, language):
    with translation.override(language):
        address = reverse("api_docs")
    assert address == f"/{language}/api/v1/docs/"
    content = reader.get(address).content.decode()
    heading = {"be": "API архіва", "uk": "API архіву", "ru": "API архива"}[language]
    assert f"<h1>{heading}</h1>" in content
    # What it documents keeps its one address, whatever the guide's language.
    assert 'data-schema-url="/api/v1/openapi.json"' in content
    assert 'href="/api/v1/articles/"' in content
    # The switcher and the alternates offer the guide itself in each language.
    assert 'hreflang="en" href="http://testserver/api/v1/docs/"' in content
    assert "/language/en/?next=%2F" + language + "%2Fapi%2Fv1%2Fdocs%2F" in content


def test_the_api_guide_keeps_its_english_address_and_the_api_stays_english(seeded, reader):
    assert _english(lambda: reverse("api_docs")) == "/api/v1/docs/"
    assert '<html lang="en">' in reader.get("/api/v1/docs/").content.decode()
    assert reader.get("/language/uk/?next=/api/v1/docs/")["Location"] == "/uk/api/v1/docs/"
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "be"
    schema = reader.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="ru")
    assert not re.search(r"[\u0400-\u04ff]", schema.content.decode())  # no Cyrillic at all
    assert schema.json()["paths"]["/api/v1/articles/"]["get"]["summary"] == "Articles"
    # The API has no translated addresses: under a prefix is the site's 404.
    assert reader.get("/be/api/v1/articles/").status_code == 404


def test_the_feed_title_is_translated(seeded, reader):
    content = reader.get("/be/articles/feed/").content.decode()
    assert "<title>Архіў «Беларусь і вайна»: новыя артыкулы</title>" in content


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_message_is_empty_or_fuzzy(language):
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalog) > 300
    assert not catalog.metadata_is_fuzzy
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalog.obsolete_entries()] == []
    for entry in catalog:
        if entry.msgid_plural:
            assert all(form.strip() for form in entry.msgstr_plural.values()), entry.msgid


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is missing")
@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogues_compile_with_matching_placeholders(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
