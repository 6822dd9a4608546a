"""On a 390 px phone in Chinese: a resident opens what is near them from their home page and
sees the clinic within a 15-minute walk, and not within 10."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_resident_sees_the_clinic_within_fifteen_minutes(
    roads: World,
    page: Any,
    browser_login: Any,
) -> None:
    browser_login(page, roads.users["resident"].phone, PASSWORD)
    page.goto(page.base + "/")
    with page.expect_navigation():
        page.click("a[data-circle-link]")
    assert page.locator("h1").inner_text() == "15分钟近邻服务圈"
    clinic = page.locator("section[data-kind=clinic] li")
    assert "东社区卫生服务站" in clinic.inner_text() and "15 分钟" in clinic.inner_text()
    assert page.locator("[data-method=roads]").count() == 1
    page.wait_for_selector("[data-area-map][data-ready='1']")
    assert page.locator(".linli-point-clinic").count() == 1
    fits(page)
    with page.expect_navigation():
        page.click("a[data-minutes='10']")
    assert page.locator("section[data-kind=clinic]").count() == 0
    fits(page)
