"""On a 390 px phone: the community's office reads the 两新 coverage, opens a reviewed
organisation's benchmark review and marks a correction done; the pages fit the phone."""

from __future__ import annotations

from typing import Any

import pytest

from party.neworgs.models import ItemList
from party.tests.neworgs import register, review
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_office_reads_coverage_and_finishes_a_correction(p: Any, page: Any, browser_login: Any):
    made = register(p)
    r = review(p, made["factory"], made["staff"])
    correction = r.items.get(list=ItemList.CORRECTION)
    browser_login(page, made["staff"].phone, PASSWORD)
    page.goto(page.base + "/party/neworgs/")
    assert (
        "3 / 4 · 75%" in page.locator(f"[data-coverage='{p.world.east.code}']").first.inner_text()
    )
    fits(page)
    page.click(f"li[data-neworg='{made['factory'].pk}'] a")
    page.wait_for_url(f"**/party/neworgs/{made['factory'].pk}/")
    fits(page)
    page.click(f"li[data-review='{r.pk}'] a")
    page.wait_for_url(f"**/party/neworgs/reviews/{r.pk}/")
    fits(page)
    page.locator(f"#linked li[data-item='{correction.pk}'] button[name=done]").click()
    page.wait_for_url(f"**/party/neworgs/reviews/{r.pk}/")
    assert page.locator(f"#linked li[data-item='{correction.pk}'] [data-status=done]").count() == 1
    fits(page)
    correction.refresh_from_db()
    assert correction.status == "done"
