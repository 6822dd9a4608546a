"""A grid worker's patrol and a campaign household on a 390 px phone, the position mocked
through the browser context: start, the track sent, a check-in at a key spot, the end; then a
household recorded at the door."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

from core import timeutil
from fieldwork.actions import do_launch_campaign
from fieldwork.models import CampaignHousehold, CheckIn, Outcome, Patrol, PatrolStatus
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page: Any, name: str) -> None:
    if os.environ.get("LINLI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["LINLI_SCREENSHOTS"], name), full_page=True)


def test_it_walks_a_patrol_with_a_check_in_on_a_phone(
    page: Any, browser_login: Any, world: Any, spot: Any
) -> None:
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"longitude": 120.6302, "latitude": 28.0118, "accuracy": 10})
    worker = world.users["grid_worker"]
    browser_login(page, worker.phone, PASSWORD)
    page.goto(page.base + "/fieldwork/patrols/")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e) + str(e.stack)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.click("button[name=start]")
    page.wait_for_load_state("networkidle")
    assert errors == []
    page.wait_for_selector("#area-map[data-ready]")
    patrol = Patrol.objects.get(walker=worker)
    # The first fix is sampled at once; the check-in form carries it.
    page.wait_for_selector(f"li[data-spot='{spot.code}'] button:enabled")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "patrol.png")
    page.click(f"li[data-spot='{spot.code}'] button")
    page.wait_for_selector("[data-checked]")
    assert CheckIn.objects.filter(patrol=patrol, spot=spot).count() == 1
    page.context.set_geolocation({"longitude": 120.6312, "latitude": 28.0125, "accuracy": 10})
    page.fill("#note", "一切正常")
    page.click("button[name=end]")
    page.wait_for_selector("[data-status=ended]")
    patrol.refresh_from_db()
    assert patrol.status == PatrolStatus.ENDED and patrol.note == "一切正常"
    # What the phone sampled reached the server before the end (or after it, kept until
    # acknowledged): at least the first fix.
    assert patrol.track.count() >= 1
    page.wait_for_function("document.getElementById('patrol-queue').dataset.count === '0'")
    stored = page.evaluate(
        f"JSON.parse(localStorage.getItem('linli.patrol.{patrol.pk}')).queue.length"
    )
    assert stored == 0


def test_it_records_a_campaign_household_on_a_phone(
    page: Any, browser_login: Any, world: Any
) -> None:
    today = timeutil.today()
    campaign = do_launch_campaign(
        name="冬季安全排查",
        area=world.east,
        starts_on=today,
        ends_on=today + dt.timedelta(days=10),
        actor=world.users["community_staff"],
    )
    browser_login(page, world.users["grid_worker"].phone, PASSWORD)
    page.goto(page.base + "/fieldwork/campaigns/mine/")
    page.click("#rows li a >> nth=0")
    page.check("input[name=outcome][value=reached]")
    page.select_option("#q_presence", "at_home")
    page.select_option("#q_gas_checked", "yes")
    page.fill("#q_remarks", "独居老人，已留联系卡")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "campaign-household.png")
    page.click("button[name=record]")
    page.wait_for_selector("[data-figure]")
    row = CampaignHousehold.objects.filter(campaign=campaign).exclude(outcome=Outcome.PENDING).get()
    assert row.outcome == Outcome.REACHED
    assert row.answers == {
        "presence": "at_home",
        "gas_checked": True,
        "remarks": "独居老人，已留联系卡",
    }
    assert "50.0%" in page.locator("[data-figure]").inner_text()
