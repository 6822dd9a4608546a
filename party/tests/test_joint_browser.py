"""On a 390 px phone: the community's office records a joint meeting (the units present),
adds a follow-up for a member unit with a deadline next week; the unit's contact finds it
among the follow-ups due and marks it done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core import timeutil
from party.models import FollowUp, ItemStatus
from party.tests.joint import joint
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_office_records_a_follow_up_and_its_owner_marks_it_done(
    p: Any, page: Any, browser_login: Any
):
    j = joint(p)
    # The live server runs on the real clock: the meeting is today, the deadline next week.
    today = timeutil.today()
    browser_login(page, j.staff.phone, PASSWORD)
    page.goto(page.base + "/party/joint/")
    page.click(f"li[data-body='{j.body.pk}'] a")
    page.wait_for_url(f"**/party/joint/{j.body.pk}/")
    fits(page)
    page.click(f"a[href$='/joint/{j.body.pk}/meetings/add/']")
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("textarea[name=agenda]", "研究电动自行车充电设施")
    page.check(f"input[name=attended][value='{j.unit.pk}']")
    page.check(f"input[name=attended][value='{j.school.pk}']")
    fits(page)
    page.click("form button[type=submit]")
    page.wait_for_url(f"**/party/joint/{j.body.pk}/")
    meeting = j.body.meetings.get(held_on=today)
    page.click(f"li[data-meeting='{meeting.pk}'] a")
    page.wait_for_url(f"**/party/joint/meetings/{meeting.pk}/")
    assert page.locator("#attendance .badge.green").count() == 2
    page.fill("textarea[name=text]", "排查东花园小区充电隐患")
    page.select_option("select[name=owner]", str(j.unit.pk))
    page.fill("input[name=deadline]", (today + dt.timedelta(days=7)).isoformat())
    page.click("button[name=add]")
    page.wait_for_url(f"**/party/joint/meetings/{meeting.pk}/")
    follow_up = FollowUp.objects.get(meeting=meeting)
    assert page.locator(f"li[data-follow-up='{follow_up.pk}'] [data-status=open]").count() == 1
    fits(page)

    browser_login(page, j.contact.phone, PASSWORD, fresh=True)
    page.goto(page.base + "/party/joint/follow-ups/?when=due")
    row = page.locator(f"li[data-follow-up='{follow_up.pk}']")
    row.locator("input[name=note]").fill("已排查12栋，整改3处")
    fits(page)
    row.locator("button[name=done]").click()
    page.wait_for_url("**/party/joint/follow-ups/?when=due")
    assert page.locator(f"li[data-follow-up='{follow_up.pk}']").count() == 0
    page.goto(page.base + f"/party/joint/meetings/{meeting.pk}/")
    assert page.locator(f"li[data-follow-up='{follow_up.pk}'] [data-status=done]").count() == 1
    fits(page)

    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.note) == (ItemStatus.DONE, "已排查12栋，整改3处")
