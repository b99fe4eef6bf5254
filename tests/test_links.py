"""Links to detail pages, built from a pattern reversed once: the same as reverse() gives,
in every language and under a script prefix."""

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from articles.links import detail_url

PAGES = [
    "articles:article_detail",
    "articles:actor_detail",
    "articles:event_detail",
    "articles:source_detail",
    "articles:topic_detail",
]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("prefix", ["/", "/archive/"])
def test_a_link_is_what_reverse_gives(language, prefix):
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            for name in PAGES:
                for slug in ("belarus-border-guard-report", "kastus-kalinouski-regiment-2"):
                    assert detail_url(name, slug) == reverse(name, args=[slug])
    finally:
        set_script_prefix("/")


def test_links_follow_the_language():
    with translation.override("be"):
        belarusian = detail_url("articles:actor_detail", "alexander-lukashenko")
    with translation.override("en"):
        english = detail_url("articles:actor_detail", "alexander-lukashenko")
    assert belarusian == "/be/actors/alexander-lukashenko/"
    assert english == "/actors/alexander-lukashenko/"


def test_an_empty_slug_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        detail_url("articles:article_detail", "")
