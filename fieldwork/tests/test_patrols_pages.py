"""Field work's pages: what they show and to whom, the forms' refusals, the home lines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from core.home import lines_for
from fieldwork.actions import do_launch_campaign, do_start_patrol
from fieldwork.models import CampaignHousehold, CheckIn, Outcome, Patrol, PatrolStatus

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)


def test_it_starts_a_patrol_from_the_patrols_page(world: Any, login: Any) -> None:
    client = login(world.users["grid_worker"])
    page = client.get("/fieldwork/patrols/").content.decode()
    assert world.east_grid.code in page and world.west_grid.code not in page
    answer = client.post("/fieldwork/patrols/start/", {"grid": world.east_grid.code})
    patrol = Patrol.objects.get()
    assert answer["Location"] == f"/fieldwork/patrols/{patrol.pk}/"
    assert "data-running" in client.get("/fieldwork/patrols/").content.decode()
    assert login(world.users["resident"]).get("/fieldwork/patrols/").status_code == 404


def test_it_checks_in_and_ends_on_the_patrol_page(world: Any, login: Any, spot: Any) -> None:
    worker = world.users["grid_worker"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    client = login(worker)
    page = client.get(f"/fieldwork/patrols/{patrol.pk}/").content.decode()
    assert "data-check-in" in page and spot.name in page and "patrol.js" in page
    client.post(
        f"/fieldwork/patrols/{patrol.pk}/check-in/",
        {"spot": spot.pk, "lon": "120.63", "lat": "28.0"},
    )
    assert not CheckIn.objects.exists()  # ≈1.3 km away: refused, told on the page
    follow = client.post(
        f"/fieldwork/patrols/{patrol.pk}/check-in/",
        {"spot": spot.pk, "lon": "120.63", "lat": "28.012"},
        follow=True,
    )
    assert CheckIn.objects.count() == 1 and "data-checked" in follow.content.decode()
    client.post(f"/fieldwork/patrols/{patrol.pk}/end/", {"note": ""})
    patrol.refresh_from_db()
    assert patrol.status == PatrolStatus.ENDED
    assert login(world.users["outsider"]).get(f"/fieldwork/patrols/{patrol.pk}/").status_code == 404
    office = login(world.users["community_staff"]).get(f"/fieldwork/patrols/{patrol.pk}/")
    assert office.status_code == 200 and "data-check-in" not in office.content.decode()


def test_it_shows_the_office_patrols_per_worker(world: Any, login: Any) -> None:
    worker = world.users["grid_worker"]
    with time_machine.travel(NOW, tick=False):
        patrol = do_start_patrol(world.east_grid, actor=worker)
    Patrol.objects.filter(pk=patrol.pk).update(
        status="ended", ended_at=NOW + dt.timedelta(hours=1, minutes=30), distance=2400
    )
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        page = login(world.users["community_staff"]).get("/fieldwork/patrols/").content.decode()
    assert f'data-walker="{worker.pk}"' in page and "1.5" in page and "2.4" in page


@time_machine.travel(NOW, tick=False)
def test_it_launches_a_campaign_from_its_page_and_refuses_a_bad_questionnaire(
    world: Any, login: Any
) -> None:
    client = login(world.users["community_staff"])
    form = {
        "name": "敲门行动",
        "area": world.east.code,
        "starts_on": "2026-11-01",
        "ends_on": "2026-11-30",
    }
    bad = client.post(
        "/fieldwork/campaigns/",
        {**form, "extra_label_1": "楼道", "extra_type_1": "choice", "extra_options_1": "畅通"},
    )
    assert (
        bad.status_code == 200 and not CampaignHousehold.objects.exists()
    )  # one option, no questions ticked
    page = client.get("/fieldwork/campaigns/").content.decode()
    assert 'name="use_presence" checked' in page  # the usual questions, ticked
    made = client.post(
        "/fieldwork/campaigns/",
        {
            **form,
            "use_presence": "on",
            "required_presence": "on",
            "use_gas_checked": "on",
            "extra_label_1": "楼道是否畅通",
            "extra_type_1": "choice",
            "extra_options_1": "畅通，堆物，堵塞",
        },
    )
    assert made.status_code == 302 and CampaignHousehold.objects.count() == 2
    campaign = CampaignHousehold.objects.first().campaign  # type: ignore[union-attr]
    assert [f["key"] for f in campaign.questionnaire] == ["presence", "gas_checked", "q1"]
    assert campaign.questionnaire[1]["required"] is False  # not ticked required
    assert [o["value"] for o in campaign.questionnaire[2]["options"]] == ["畅通", "堆物", "堵塞"]


@time_machine.travel(NOW, tick=False)
def test_it_records_a_household_at_the_door_and_tells_a_late_worker(world: Any, login: Any) -> None:
    campaign = do_launch_campaign(
        name="敲门行动",
        area=world.east,
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 11, 30),
        actor=world.users["community_staff"],
    )
    row = CampaignHousehold.objects.filter(campaign=campaign).first()
    assert row is not None
    url = f"/fieldwork/campaigns/{campaign.pk}/households/{row.pk}/"
    worker = world.users["grid_worker"]
    client = login(worker)
    assert 'name="q_presence"' in client.get(url).content.decode()
    lines = {line.key: line for line in lines_for(worker)}
    assert lines["fieldwork.campaign_households"].count == 2
    listed = client.get(lines["fieldwork.campaign_households"].url).content.decode()
    assert listed.count("data-row=") == 2  # the line and its list agree
    missing = client.post(url, {"outcome": "reached", "q_presence": "at_home", "revision": "0"})
    assert missing.status_code == 200 and CampaignHousehold.objects.get(pk=row.pk).revision == 0
    done = client.post(
        url,
        {"outcome": "reached", "q_presence": "at_home", "q_gas_checked": "yes", "revision": "0"},
    )
    assert done.status_code == 302
    row.refresh_from_db()
    assert row.outcome == Outcome.REACHED and row.answers == {
        "presence": "at_home",
        "gas_checked": True,
    }
    late = login(world.users["community_staff"]).post(url, {"outcome": "vacant", "revision": "0"})
    assert late.status_code == 200 and worker.name in late.content.decode()
    assert {line.key: line for line in lines_for(worker)}[
        "fieldwork.campaign_households"
    ].count == 1
    progress = client.get(f"/fieldwork/campaigns/{campaign.pk}/").content.decode()
    assert "50.0%" in progress
    xlsx = client.get(f"/fieldwork/campaigns/{campaign.pk}/export/")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert login(world.users["outsider"]).get(url).status_code == 404


def test_it_shows_a_running_patrol_on_the_home_page(world: Any) -> None:
    worker = world.users["grid_worker"]
    assert "fieldwork.patrol_running" not in {line.key for line in lines_for(worker)}
    patrol = do_start_patrol(world.east_grid, actor=worker)
    line = {line.key: line for line in lines_for(worker)}["fieldwork.patrol_running"]
    assert line.count == 1 and line.url == f"/fieldwork/patrols/{patrol.pk}/"
