"""A grid-branch secretary on a 390 px phone records this month's theme day through the form
(ticks who attended, gives a reason for an absence) and sees the obligation held; the
community's extended committee sees it in its branches' compliance."""

from __future__ import annotations

from typing import Any

import pytest

from core import timeutil
from party.life.models import Meeting, seed_default_rules
from party.tests.life import branch_secretary
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_secretary_records_a_theme_day_and_sees_it_held(p: Any, page: Any, browser_login: Any):
    seed_default_rules()
    secretary = branch_secretary(p)
    # The live server runs on the real clock (time-machine would stop the browser's): the
    # meeting is held today, whatever day that is, and counts for this month.
    today = timeutil.today()
    browser_login(page, secretary.phone, PASSWORD)
    page.click("[data-line=meetings-due] a")
    page.wait_for_url("**/party/life/")
    card = page.locator(f"section[data-org='{p.east_branch.code}']")
    assert "主题党日" in card.inner_text()
    fits(page)

    card.locator("a.button").click()
    page.wait_for_url(f"**/party/org/{p.east_branch.pk}/meetings/add/")
    page.select_option("select[name=kind]", "theme_day")
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("input[name=place]", "网格党建驿站")
    page.fill("textarea[name=agenda]", "重温入党誓词")
    page.check(f"input[name=present_{p.member.pk}]")
    page.fill(f"input[name=reason_{p.retired.pk}]", "住院")
    fits(page)
    page.click("form button[type=submit]")
    page.wait_for_url(f"**/party/org/{p.east_branch.pk}/life/")
    held = page.locator(f"li[data-period='{today:%Y-%m}-01'][data-kind='theme_day']")
    assert held.locator("[data-status=held]").count() == 1
    fits(page)

    meeting = Meeting.objects.get()
    assert meeting.attendance.get(member=p.retired).reason == "住院"

    browser_login(page, p.secretary.phone, PASSWORD, fresh=True)
    page.goto(page.base + f"/party/org/{p.east.pk}/life/")
    row = page.locator(f"tr[data-org='{p.east_branch.code}']")
    assert row.locator("[data-status=held]").count() == 1
    fits(page)
