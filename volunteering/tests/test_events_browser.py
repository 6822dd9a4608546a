"""Community events in a phone-sized Chromium: staff create an event and record a resident's
attendance; the resident sees it attended with its points; nothing is wider than 390 px."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from points.models import EarningRule
from points.selectors import balance_of
from volunteering import actions
from volunteering.models import CommunityEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LINLI_SCREENSHOTS", "")


def _fits(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name


def test_staff_record_attendance_and_the_resident_sees_the_points(v, page, browser_login) -> None:
    EarningRule.objects.create(
        activity="consultation", unit="occurrence", points=5, valid_from=dt.date(2020, 1, 1)
    )
    browser_login(page, v.staff.phone, v.password)
    page.goto(page.base + "/volunteering/staff/events/")
    _fits(page, "events-staff")
    page.select_option("select[name=kind]", "consultation")
    page.fill("input[name=title]", "加装电梯议事会")
    page.fill("input[name=place]", "党群服务中心")
    start = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(hours=1)
    page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends_at]", (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.click("#new button[type=submit]")
    event = CommunityEvent.objects.get(title="加装电梯议事会")
    assert f"/volunteering/staff/events/{event.pk}/" in page.url
    page.fill("input[name=phone]", v.resident.phone)
    with page.expect_navigation():
        page.click("#attend button[type=submit]")
    assert "137****0003" in page.content()
    page.fill("input[name=phone]", v.resident.phone)
    with page.expect_navigation():
        page.click("#attend button[type=submit]")
    assert "不能重复登记" in page.content()
    _fits(page, "event-staff")
    assert balance_of(v.resident) == 5

    browser_login(page, v.resident.phone, v.password, fresh=True)
    page.goto(page.base + "/volunteering/events/")
    body = page.content()
    assert "加装电梯议事会" in body and "已参加" in body and "+5" in body
    _fits(page, "events-resident")


def test_staff_change_and_cancel_an_upcoming_event_on_a_phone(v, page, browser_login) -> None:
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    event = actions.do_create_event(
        community=v.world.east,
        kind="activity",
        title="垃圾分类宣传日",
        place="文化广场",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        actor=v.staff,
    )
    browser_login(page, v.staff.phone, v.password)
    page.goto(page.base + f"/volunteering/staff/events/{event.pk}/")
    with page.expect_navigation():
        page.click("text=修改信息")
    _fits(page, "event-edit")
    page.fill("input[name=title]", "垃圾分类宣传周")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "活动已修改" in page.content()
    page.fill("textarea[name=reason]", "场地维修，改期另行通知")
    with page.expect_navigation():
        page.click("#cancel button[type=submit]")
    body = page.content()
    assert "活动已取消" in body and "场地维修" in body and "修改信息" not in body
    _fits(page, "event-cancelled")
    event.refresh_from_db()
    assert event.title == "垃圾分类宣传周" and event.cancelled
