"""On a 390 px phone: a member makes a commitment for their grid, notes progress and closes
it as fulfilled; a resident of the grid finds it from their home page and rates it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core import timeutil
from party.commitments.models import Commitment, CommitmentStatus
from party.tests.commitments import member_user
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_member_keeps_a_commitment_and_a_resident_rates_it(p: Any, page: Any, browser_login: Any):
    member = member_user(p)
    # The live server runs on the real clock: the deadline is a month from today.
    deadline = timeutil.today() + dt.timedelta(days=30)
    browser_login(page, member.phone, PASSWORD)
    page.goto(page.base + "/party/commitments/")
    page.click("#mine a.button")
    page.wait_for_url("**/party/commitments/add/")
    page.fill("textarea[name=text]", "每月为独居老人上门理发一次")
    page.select_option("select[name=area]", str(p.world.east_grid.pk))
    page.fill("input[name=deadline]", deadline.isoformat())
    fits(page)
    page.click("form button[type=submit]")
    page.wait_for_url("**/party/commitments/")
    c = Commitment.objects.get()
    page.click(f"li[data-commitment='{c.pk}'] a")
    page.wait_for_url(f"**/party/commitments/{c.pk}/")
    fits(page)

    page.fill("form[action$='/progress/'] textarea[name=note]", "已为3位老人理发")
    page.click("button[name=progress]")
    page.wait_for_url(f"**/party/commitments/{c.pk}/")
    assert page.locator("li[data-action=progress]").count() == 1
    page.click("button[name=fulfil]")
    page.wait_for_url(f"**/party/commitments/{c.pk}/")
    assert page.locator("h1 [data-status=fulfilled]").count() == 1
    fits(page)

    browser_login(page, p.world.users["resident"].phone, PASSWORD, fresh=True)
    page.click("[data-line=commitments-here] a")
    page.wait_for_url("**/party/commitments/?line=commitments_here")
    page.click(f"li[data-commitment='{c.pk}'] a")
    page.wait_for_url(f"**/party/commitments/{c.pk}/")
    page.click("label[for=star4]")
    page.fill("input[name=comment]", "师傅很耐心")
    fits(page)
    page.click("button[name=rate]")
    page.wait_for_url(f"**/party/commitments/{c.pk}/")
    assert "4★" in page.locator("[data-my-rating]").inner_text()
    fits(page)

    c.refresh_from_db()
    assert c.status == CommitmentStatus.FULFILLED
    assert c.ratings.get().stars == 4
