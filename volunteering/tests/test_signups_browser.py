"""Sign-up on a 390 px phone: a resident joins the waiting list of a full event, moves up
when the one holding the place cancels, and checks in with the organiser's code; the
organiser's page shows the code, the QR and the lists; nothing is wider than 390 px."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from accounts.roles import Role
from core.models import Notification
from core.timeutil import now
from points.models import EarningRule
from volunteering import actions
from volunteering.models import SignUp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LINLI_SCREENSHOTS", "")


def _fits(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, name


def test_a_resident_waits_moves_up_and_checks_in(v, page, browser_login) -> None:
    EarningRule.objects.create(
        activity="activity", unit="occurrence", points=5, valid_from=dt.date(2020, 1, 1)
    )
    other = v.world.user(Role.RESIDENT, v.world.east_grid, "13955550000", "先报名的邻居")
    event = actions.do_create_event(
        community=v.world.east,
        kind="activity",
        title="插花体验课",
        place="邻里中心",
        starts_at=now() + dt.timedelta(minutes=20),  # check-in opens 30 minutes before
        ends_at=now() + dt.timedelta(hours=2),
        signup_opens_at=now() - dt.timedelta(days=1),
        capacity=1,
        actor=v.staff,
    )
    actions.do_sign_up(event, actor=other)

    browser_login(page, v.resident.phone, v.password)
    page.goto(page.base + "/volunteering/events/")
    assert "已报 1 / 共 1 个名额" in page.content()
    _fits(page, "signup-list")
    page.click(f"[data-event='{event.pk}'] a >> nth=0")
    with page.expect_navigation():
        page.click("#sign-up")
    assert "候补第 1 位" in page.inner_text("#mine")
    _fits(page, "signup-waiting")

    browser_login(page, other.phone, v.password, fresh=True)
    page.goto(page.base + f"/volunteering/events/{event.pk}/")
    with page.expect_navigation():
        page.click("#cancel-signup")
    assert "已取消报名" in page.content()

    browser_login(page, v.resident.phone, v.password, fresh=True)
    assert Notification.objects.filter(user=v.resident, title__contains="插花体验课").exists()
    page.goto(page.base + f"/volunteering/events/{event.pk}/")
    assert "已报上" in page.inner_text("#mine")
    page.fill("#check-in input[name=code]", "000000" if event.checkin_code != "000000" else "1")
    with page.expect_navigation():
        page.click("#check-in button[type=submit]")
    assert "签到码不正确" in page.content()
    page.fill("#code", event.checkin_code)
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('签到')")
    assert "已参加" in page.inner_text("#mine") and "+5" in page.inner_text("#mine")
    _fits(page, "signup-checked-in")
    assert SignUp.objects.get(event=event, user=v.resident).status == "attended"

    browser_login(page, v.staff.phone, v.password, fresh=True)
    page.goto(page.base + f"/volunteering/staff/events/{event.pk}/")
    assert page.inner_text("#checkin-code") == event.checkin_code
    assert page.locator("#code-card svg").count() == 1
    assert page.inner_text("[data-count=attended]") == "1"
    _fits(page, "signup-organiser")
