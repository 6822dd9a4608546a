from __future__ import annotations

import os
from typing import Any

import pytest

from cases.indicators.tests.fixtures import build
from tests.factories import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_draws_the_chart_and_table_on_a_phone(page: Any, browser_login: Any, world: Any) -> None:
    build(world)
    browser_login(page, world.users["subdistrict_staff"].phone, PASSWORD)
    page.goto(page.base + "/cases/indicators/?start=2026-03-01&end=2026-03-31")
    page.wait_for_selector("#indicator-chart canvas")
    assert page.locator("table").first.locator("tbody tr").count() == 2
    assert "90.0%" in page.locator("table").first.locator("tbody tr").first.inner_text()
    # The page itself does not scroll sideways at 390 px; only the table does.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Household visit coverage below, by community (fieldwork's figures).
    assert page.locator("#visit-coverage tbody tr").count() == 2
    if os.environ.get("LINLI_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["LINLI_SCREENSHOTS"], "indicators.png"), full_page=True
        )
    page.click("text=东社区")
    page.wait_for_selector("#indicator-chart canvas")
    assert "东第1网格" in page.locator("table tbody").first.inner_text()
