"""The interface languages in a real browser: the main pages in each language at a phone's
and a desktop's width, photographed (artifacts/screenshots/lang-*.png), checked by axe and
for sideways scrolling; the switcher keeps the page's filters."""

import pytest

from .conftest import AXE, SCREENSHOTS, new_page, path_of, url
from .test_layout import OVERFLOW

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "be", "uk", "ru"]
PHONE, DESKTOP = 375, 1280


def _pages(base, language):
    """Home, the article list, an article, an actor and the timeline, in `language`."""
    from django.utils import translation

    from articles.models import Article

    with translation.override(language):
        article = Article.objects.published().order_by("-published_on").first()
        return {
            "home": url(base, "articles:home"),
            "articles": url(base, "articles:article_list"),
            "article": base + article.get_absolute_url(),
            "actor": url(base, "articles:actor_detail", "alexander-lukashenko"),
            "timeline": url(base, "articles:event_list"),
        }


def _axe(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => [v.id, v.impact, v.help,
                v.nodes.slice(0, 3).map(n => n.target.join(" "))]);
        }"""
    )


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_in_each_language_are_photographed_and_accessible(
    browser, archive, language, width
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # axe injects a script of its own, which the Content Security Policy would block.
    page = new_page(browser, width=width, height=800, bypass_csp=True)
    violations, overflowing = {}, {}
    try:
        for name, address in _pages(archive, language).items():
            response = page.goto(address)
            assert response.status == 200, address
            assert page.locator("html").get_attribute("lang") == language
            shot = SCREENSHOTS / f"lang-{language}-{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            found = _axe(page)
            if found:
                violations[name] = found
            measure = page.evaluate(OVERFLOW)
            if measure["scrollWidth"] > measure["innerWidth"]:
                overflowing[name] = measure
    finally:
        page.context.close()
    assert not violations, f"axe in {language} at {width} px: {violations}"
    if width == PHONE:
        assert not overflowing, f"{language} pages scroll sideways at {width} px: {overflowing}"


def test_the_switcher_keeps_the_filters_in_the_browser(browser, archive):
    page = new_page(browser)
    try:
        page.goto(url(archive, "articles:event_list", query="?status=denied&status=reported"))
        page.get_by_role("navigation", name="Language of the interface").get_by_role(
            "link", name="Українська"
        ).click()
        page.wait_for_url("**/uk/events/**")
        assert path_of(page) == "/uk/events/?status=denied&status=reported"
        assert page.locator("html").get_attribute("lang") == "uk"
        assert page.get_by_role("heading", level=1).inner_text() == "Хронологія подій"
        # The choice is remembered: the home page now opens in Ukrainian.
        page.goto(archive + "/")
        assert path_of(page) == "/uk/"
    finally:
        page.context.close()
