"""The reader's journey by keyboard alone: skip link, visible focus, every control on Tab."""

import pytest

from articles.models import Actor, Article, Event

from .conftest import EXPECTED_STATUS, page_types, url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Each control Tab should reach, numbered in document order, as the browser sees it:
# rendered, not disabled, not hidden, not taken out of the order with tabindex="-1".
MARK_CONTROLS = """() => {
    const controls = [...document.querySelectorAll(
        "a[href], button, input, select, textarea, summary, [tabindex]"
    )].filter(el =>
        !el.matches('[tabindex="-1"], [disabled], input[type=hidden]')
        && !el.closest("[hidden], [inert]")
        && getComputedStyle(el).visibility !== "hidden"
        && el.getClientRects().length > 0
    );
    controls.forEach((el, i) => { el.dataset.e2eTab = String(i); });
    return controls.map(el => el.outerHTML.slice(0, 120));
}"""

# The focused element: which control it is, and whether its focus can be seen
# (an outline the stylesheet did not take away, or a box shadow standing in for one).
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
    return {
        index: el.dataset.e2eTab ?? null,
        html: el.outerHTML.slice(0, 120),
        visible: outline || shadow,
    };
}"""


def tab_through(page, limit=400):
    """Tab from the top of the page until focus leaves it; the controls reached, in order."""
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            if reached:
                return reached
            continue
        if reached and focused["index"] == reached[0]["index"] != reached[-1]["index"]:
            return reached  # wrapped round to the first control
        reached.append(focused)
    raise AssertionError(f"focus did not leave the page after {limit} presses of Tab")


def tab_to(page, selector, limit=300):
    """Press Tab until the focused element matches `selector`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def follow(page, selector, expected_url):
    """Tab to a link and press Enter; wait for where it leads."""
    tab_to(page, selector)
    page.keyboard.press("Enter")
    page.wait_for_url(expected_url)


def test_first_tab_is_the_skip_link_and_it_moves_focus_to_main(page, archive):
    page.goto(url(archive, "articles:home"))
    page.keyboard.press("Tab")
    skip = page.evaluate(
        """() => {
            const el = document.activeElement, box = el.getBoundingClientRect();
            return {text: el.textContent.trim(), href: el.getAttribute("href"),
                    onScreen: box.top >= 0 && box.bottom <= window.innerHeight && box.width > 0};
        }"""
    )
    assert skip == {"text": "Skip to content", "href": "#main", "onScreen": True}
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab goes into the content, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_every_control_is_reachable_with_visible_focus(page, archive):
    unreached, invisible = {}, {}
    for name, address in page_types(archive).items():
        response = page.goto(address)
        assert response.status == EXPECTED_STATUS.get(name, 200), name
        controls = page.evaluate(MARK_CONTROLS)
        reached = tab_through(page)
        indices = {focused["index"] for focused in reached}
        missing = [html for i, html in enumerate(controls) if str(i) not in indices]
        if missing:
            unreached[name] = missing
        hidden_focus = [focused["html"] for focused in reached if not focused["visible"]]
        if hidden_focus:
            invisible[name] = hidden_focus
    assert not unreached, f"controls Tab never reaches: {unreached}"
    assert not invisible, f"focused without a visible outline: {invisible}"


def test_reader_journey_by_keyboard_alone(page, archive, settings):
    settings.ARCHIVE_PAGE_SIZE = 2
    published = Article.objects.published()
    newsweek = published.get(source__slug="newsweek")
    lukashenko = Actor.objects.get(slug="alexander-lukashenko")

    # Home, then the header's search box.
    page.goto(url(archive, "articles:home"))
    tab_to(page, "#site-search-q")
    page.keyboard.type("Lukashenka")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Lukashenka")

    # An article from the results, then an actor it names.
    follow(page, f'a[href="{newsweek.get_absolute_url()}"]', f"**{newsweek.get_absolute_url()}")
    follow(
        page,
        f'.article-aside a[href="{lukashenko.get_absolute_url()}"]',
        f"**{lukashenko.get_absolute_url()}",
    )

    # Dates typed into the date field: 01 01 reads the same day-first or month-first.
    tab_to(page, "input[name=date_after]")
    page.keyboard.type("01012023")
    page.keyboard.press("Enter")
    page.wait_for_url("**date_after=2023-01-01**")
    assert newsweek.title not in page.locator("main").inner_text()

    # The timeline, filtered to denied events with the space bar and Enter.
    follow(page, "nav a[href='/events/']", "**/events/")
    tab_to(page, "input[name=status][value=denied]")
    page.keyboard.press("Space")
    tab_to(page, "#filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**status=denied**")
    shown = page.locator(".record--event .record__title a").all_inner_texts()
    assert shown == list(Event.objects.filter(status="denied").values_list("title", flat=True))

    # Articles: add a topic facet, then take it off again with its chip.
    follow(page, "nav a[href='/articles/']", "**/articles/")
    follow(page, ".facets a[href*='topic=belarusian-volunteers-in-ukraine']", "**topic=**")
    in_topic = published.filter(topics__slug="belarusian-volunteers-in-ukraine").count()
    assert page.locator("ol.records > li").count() == in_topic
    tab_to(page, ".chips a.chip")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda address: "topic=" not in address)
    assert page.locator("ol.records > li").count() == settings.ARCHIVE_PAGE_SIZE

    # The next page, and the CSV export of the list.
    follow(page, "a[rel=next]", "**page=2**")
    assert page.locator("ol.records > li").count() == published.count() - 2
    tab_to(page, "a[href^='/articles/export.csv']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    lines = open(download.value.path(), encoding="utf-8-sig").read().splitlines()
    assert len(lines) == 1 + published.count()
    assert page.errors == []
