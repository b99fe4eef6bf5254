"""The chart, the map and the API's documentation in a real browser: at phone and desktop
widths, within the Content Security Policy, with no serious axe violation."""

import pytest

from .conftest import AXE, SCREENSHOTS, new_page, url
from .test_accessibility import BLOCKING, describe

# Swagger UI is a third-party explorer with known axe findings of its own (nested
# buttons, its colours); the page's written guide, and the schema, are what it checks.
OUTSIDE_AXE = {"api-docs": ["#swagger-ui"]}


def axe_violations(page, exclude=()):
    """axe's violations on the loaded page, leaving out the `exclude` selectors."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (exclude) => {
            const context = {include: [document], exclude: exclude.map(s => [s])};
            const result = await axe.run(context, {resultTypes: ["violations"]});
            return result.violations.map(v => [
                v.id, v.impact, v.help, v.nodes.slice(0, 5).map(n => n.target.join(" "))
            ]);
        }""",
        list(exclude),
    )


pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {
    "attention-articles": ("articles:article_list", [], "?q=Lukashenka", ".attention__chart"),
    "attention-actor": ("articles:actor_detail", ["alexander-lukashenko"], "", ".attention__chart"),
    "map-timeline": ("articles:event_list", [], "", ".event-map__svg"),
    "map-event": (
        "articles:event_detail",
        ["russia-invades-ukraine-partly-from-belarusian-territory"],
        "",
        ".event-map__svg",
    ),
    "api-docs": ("api_docs", [], "", "#swagger-ui .opblock"),
}


@pytest.mark.parametrize("width", [375, 1280])
def test_chart_map_and_api_docs_render_within_the_csp_and_pass_axe(browser, archive, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    blocking = {}
    for name, (route, args, query, drawn) in PAGES.items():
        address = url(archive, route, *args, query=query)
        page = new_page(browser, width=width)
        response = page.goto(address)
        assert response.status == 200, name
        page.locator(drawn).first.wait_for()  # Swagger UI draws itself from the schema
        assert page.locator(drawn).first.bounding_box()["width"] > 0, name
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        assert not page.errors, f"{name}: {page.errors}"  # CSP refusals are console errors
        page.context.close()

        checker = new_page(browser, width=width, bypass_csp=True)
        checker.goto(address)
        checker.locator(drawn).first.wait_for()
        found = [v for v in axe_violations(checker, OUTSIDE_AXE.get(name, ())) if v[1] in BLOCKING]
        if found:
            blocking[name] = found
        checker.context.close()
    assert not blocking, "axe found serious or critical violations:\n" + describe(blocking)


def test_a_grouped_marker_leads_to_its_list_of_events(browser, archive):
    page = new_page(browser)
    page.goto(url(archive, "articles:event_list"))
    grouped = page.locator('.event-map__marker[data-events="7"]')
    grouped.locator(".event-map__badge").click()
    assert page.url.split("#")[1].startswith("map-place-")
    listed = page.locator("#" + page.url.split("#")[1])
    assert listed.locator("a").count() == 7
    listed.locator("a").first.click()
    assert "/events/" in page.url and page.locator("h1").count() == 1
    page.context.close()
