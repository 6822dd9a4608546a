"""On a 390 px phone: a grid-branch secretary self-assesses the branch's year, the community's
party secretary reviews and publishes it, and the stars show on the branch's page and to a
resident."""

from __future__ import annotations

from typing import Any

import pytest

from party.stars.models import Assessment, AssessmentStatus
from party.tests.stars import setup
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_branch_is_self_assessed_reviewed_published_and_shown(
    p: Any, page: Any, browser_login: Any
):
    # The live server runs on the real clock: the assessment is this year's, whatever it is.
    secretary = setup(p)
    browser_login(page, secretary.phone, PASSWORD)
    page.click("[data-line=stars-due] a")
    page.wait_for_url("**/party/stars/")
    fits(page)
    page.locator(f"li[data-org='{p.east_branch.code}'] button").click()
    page.wait_for_url("**/party/stars/*/self/")
    a = Assessment.objects.get()
    for item in a.items.filter(measure=""):
        page.fill(f"input[name=score_{item.pk}]", str(item.points - 1))
        page.fill(f"textarea[name=evidence_{item.pk}]", "述职报告、活动台账")
    fits(page)
    page.click("button[name=submit]")
    page.wait_for_url(f"**/party/stars/{a.pk}/")
    assert Assessment.objects.get().status == AssessmentStatus.SUBMITTED

    browser_login(page, p.secretary.phone, PASSWORD, fresh=True)
    page.click("[data-line=stars-to-review] a")
    page.wait_for_url("**/party/stars/")
    page.click(f"a[href='/party/stars/{a.pk}/']")
    page.click(f"a[href='/party/stars/{a.pk}/review/']")
    fits(page)
    page.click("form button[type=submit]")
    page.wait_for_url(f"**/party/stars/{a.pk}/")
    page.click(f"form[action='/party/stars/{a.pk}/publish/'] button")
    page.wait_for_url(f"**/party/stars/{a.pk}/")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.PUBLISHED
    page.goto(page.base + f"/party/org/{p.east_branch.pk}/")
    assert page.locator(f"[data-stars-history] [data-stars='{a.stars}']").count() == 1
    fits(page)

    browser_login(page, p.world.users["resident"].phone, PASSWORD, fresh=True)
    page.goto(page.base + "/party/stars/published/")
    row = page.locator(f"li[data-org='{p.east_branch.code}']")
    assert row.locator(f"[data-stars='{a.stars}']").count() == 1
    fits(page)
