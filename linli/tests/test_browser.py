"""The site's frame in a browser: the top menu on a wide screen."""

from typing import Any

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


LINES = """els => els.map(e => {
    const s = getComputedStyle(e);
    const text = e.getBoundingClientRect().height - parseFloat(s.paddingTop)
        - parseFloat(s.paddingBottom);
    return Math.round(text / parseFloat(s.lineHeight));
})"""


def test_it_groups_a_long_menu_by_domain_on_a_wide_screen(
    chromium: Any, live_server: Any, world: Any, browser_login: Any
) -> None:
    """An admin's menu has every item (more than 15), grouped by domain: a few entries on one
    row, each on one line; each group opens as a drop-down whose items never break into a
    column of single characters nor push the page wider."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    try:
        browser_login(page, world.users["admin"].phone, PASSWORD)
        assert page.locator(".nav a").count() > 15
        entries = page.eval_on_selector_all("nav.nav > a, nav.nav > details > summary", LINES)
        assert 4 <= len(entries) <= 8
        assert set(entries) == {1}, entries
        for group in page.locator("details.nav-group").all():
            group.locator("summary").click()
            lines = group.locator(".nav-menu a").evaluate_all(LINES)
            assert lines and set(lines) == {1}, lines
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
            group.locator("summary").click()
        bar = page.locator(".topbar").bounding_box()
        lang = page.locator(".lang").bounding_box()
        assert bar and lang and lang["y"] + lang["height"] <= bar["y"] + bar["height"]
    finally:
        context.close()
