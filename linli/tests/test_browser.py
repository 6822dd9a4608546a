"""The site's frame in a browser: the top menu on a wide screen."""

from typing import Any

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_wraps_a_long_menu_by_item_on_a_wide_screen(
    chromium: Any, live_server: Any, world: Any, browser_login: Any
) -> None:
    """An admin's menu has every item: it wraps onto rows of whole items; no item breaks into
    a column of single characters."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    try:
        browser_login(page, world.users["admin"].phone, PASSWORD)
        lines = page.eval_on_selector_all(
            ".nav a",
            """els => els.map(e => {
                const s = getComputedStyle(e);
                const text = e.getBoundingClientRect().height - parseFloat(s.paddingTop)
                    - parseFloat(s.paddingBottom);
                return Math.round(text / parseFloat(s.lineHeight));
            })""",
        )
        assert len(lines) > 15
        assert set(lines) == {1}, lines
        bar = page.locator(".topbar").bounding_box()
        lang = page.locator(".lang").bounding_box()
        assert bar and lang and lang["y"] + lang["height"] <= bar["y"] + bar["height"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    finally:
        context.close()
