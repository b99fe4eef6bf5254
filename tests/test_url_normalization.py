"""normalize_url(): one key for every spelling of an article's address."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from articles.models import Article, Source
from articles.url_normalization import normalize_url

KEY = "https://imp.example/news/rtl"


@pytest.mark.parametrize(
    "url",
    [
        "https://imp.example/news/rtl",
        "HTTPS://IMP.EXAMPLE/news/rtl",  # scheme and host case
        "http://imp.example/news/rtl",  # http is https
        "https://imp.example/news/rtl/",  # trailing slash
        "https://imp.example:443/news/rtl",  # default port
        "http://imp.example:80/news/rtl",
        "https://imp.example/news/rtl#comments",  # fragment
        "https://imp.example/news/rtl?utm_source=telegram&utm_medium=social",
        "https://imp.example/news/rtl?fbclid=IwAR0abc&gclid=x",
        "  https://imp.example/news/rtl  ",
    ],
)
def test_every_spelling_of_one_address_has_one_key(url):
    assert normalize_url(url) == KEY


@pytest.mark.parametrize(
    "url, key",
    [
        # The path's case and the parameters that choose the page are kept (sorted).
        ("https://imp.example/News/RTL", "https://imp.example/News/RTL"),
        ("https://imp.example/a?page=2&id=7&utm_campaign=x", "https://imp.example/a?id=7&page=2"),
        ("https://imp.example:8443/a", "https://imp.example:8443/a"),
        ("https://[2001:db8::1]:8000/a/", "https://[2001:db8::1]:8000/a"),
        ("https://Наша-Ніва.example/Навіны/", "https://наша-ніва.example/Навіны"),
        ("https://x.example/", "https://x.example"),
        ("", ""),
        (None, ""),
    ],
)
def test_what_chooses_the_page_is_kept(url, key):
    assert normalize_url(url) == key


def test_an_unparseable_address_is_its_own_key():
    assert normalize_url("https://[broken/a") == "https://[broken/a"
    assert normalize_url("https://x.example:99999/") == "https://x.example:99999/"


@example("\x08\xa00")  # a control character before a no-break space
@example("0 /")  # a space before a trailing slash
@given(st.text(max_size=200))
def test_the_key_is_stable_and_never_raises(text):
    key = normalize_url(text)
    assert normalize_url(key) == key


def test_articles_are_found_by_any_spelling_of_their_url(db):
    article = Article.objects.create(
        title="Памежнік перайшоў мяжу",
        body="Тэкст.",
        source=Source.objects.create(name="Radio Svaboda"),
        original_url="https://www.svaboda.org/a/32000001.html",
        published_precision="unknown",
    )
    found = Article.objects.with_url("HTTP://WWW.SVABODA.ORG/a/32000001.html?utm_source=tg")
    assert list(found) == [article]
    assert not Article.objects.with_url("").exists()
    assert not Article.objects.with_url("https://www.svaboda.org/a/32000002.html").exists()
