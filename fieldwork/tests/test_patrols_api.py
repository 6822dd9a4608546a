"""The field work API: what it answers and refuses, and to whom."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from fieldwork.actions import do_launch_campaign, do_start_patrol
from fieldwork.models import CampaignHousehold, Patrol

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)
API = "/api/v1/fieldwork"


def _points(first: int, n: int) -> list[dict[str, Any]]:
    return [
        {
            "seq": i,
            "at": (NOW + dt.timedelta(seconds=20 * i)).isoformat(),
            "lon": 120.63,
            "lat": 28.005 + 0.001 * i,
            "accuracy": 10,
        }
        for i in range(first, first + n)
    ]


@time_machine.travel(NOW, tick=False)
def test_it_walks_a_patrol_through_the_api(world: Any, login: Any, spot: Any) -> None:
    client = login(world.users["grid_worker"])
    started = client.post(
        f"{API}/patrols", {"grid_code": world.east_grid.code}, content_type="application/json"
    )
    assert started.status_code == 201, started.content
    pid = started.json()["id"]
    again = client.post(
        f"{API}/patrols", {"grid_code": world.east_grid.code}, content_type="application/json"
    )
    assert again.status_code == 409
    for _ in range(2):  # the same batch twice: acknowledged twice, stored once
        ack = client.post(
            f"{API}/patrols/{pid}/track", {"points": _points(0, 4)}, content_type="application/json"
        )
        assert ack.status_code == 200 and ack.json()["acknowledged"] == [0, 1, 2, 3]
    assert ack.json()["last_seq"] == 3 and ack.json()["distance"] > 300
    bad = client.post(
        f"{API}/patrols/{pid}/track",
        {"points": [{**_points(4, 1)[0], "lon": 0, "lat": 0}]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "points"
    far = client.post(
        f"{API}/patrols/{pid}/check-ins",
        {"spot_id": spot.pk, "lon": 120.63, "lat": 28.0},
        content_type="application/json",
    )
    assert far.status_code == 400 and far.json()["field"] == "location"
    near = client.post(
        f"{API}/patrols/{pid}/check-ins",
        {"spot_id": spot.pk, "lon": 120.63, "lat": 28.012},
        content_type="application/json",
    )
    assert near.status_code == 201
    ended = client.post(f"{API}/patrols/{pid}/end", {"note": ""}, content_type="application/json")
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    detail = client.get(f"{API}/patrols/{pid}").json()
    assert len(detail["track"]) == 4 and detail["check_ins"][0]["spot_id"] == spot.pk
    assert (
        client.post(f"{API}/patrols/{pid}/end", {}, content_type="application/json").status_code
        == 409
    )
    spots = client.get(f"{API}/key-spots").json()
    assert [s["code"] for s in spots["results"]] == ["KS1"]


@time_machine.travel(NOW, tick=False)
def test_it_hides_a_patrol_from_others_and_shows_the_office_its_figures(
    world: Any, login: Any
) -> None:
    worker = world.users["grid_worker"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    Patrol.objects.filter(pk=patrol.pk).update(
        status="ended", ended_at=NOW + dt.timedelta(minutes=30), distance=1500
    )
    assert login(world.users["outsider"]).get(f"{API}/patrols/{patrol.pk}").status_code == 404
    client = login(world.users["community_staff"])
    assert client.get(f"{API}/patrols/{patrol.pk}").status_code == 200
    assert (
        client.post(
            f"{API}/patrols/{patrol.pk}/track",
            {"points": _points(0, 1)},
            content_type="application/json",
        ).status_code
        == 403
    )
    figures = client.get(f"{API}/patrols/figures", {"area": world.east.code}).json()
    assert figures == [
        {
            "walker_id": worker.pk,
            "name": worker.name,
            "patrols": 1,
            "seconds": 1800,
            "distance": 1500.0,
        }
    ]
    assert (
        login(world.users["resident"])
        .get(f"{API}/patrols/figures", {"area": world.east.code})
        .status_code
        == 404
    )


@time_machine.travel(NOW, tick=False)
def test_it_launches_and_records_a_campaign_through_the_api(world: Any, login: Any) -> None:
    staff = login(world.users["community_staff"])
    body = {
        "name": "敲门行动",
        "area_code": world.east.code,
        "starts_on": "2026-11-01",
        "ends_on": "2026-11-30",
    }
    launched = staff.post(f"{API}/campaigns", body, content_type="application/json")
    assert launched.status_code == 201, launched.content
    cid = launched.json()["id"]
    assert [q["type"] for q in launched.json()["questionnaire"]] == [
        "choice",
        "yes_no",
        "yes_no",
        "text",
    ]
    assert (
        staff.post(
            f"{API}/campaigns",
            {**body, "area_code": world.west.code},
            content_type="application/json",
        ).status_code
        == 404
    )
    worker = login(world.users["grid_worker"])
    rows = worker.get(f"{API}/campaigns/{cid}/households", {"mine": True}).json()["results"]
    assert len(rows) == 2
    url = f"{API}/campaigns/{cid}/households/{rows[0]['id']}"
    answers = {"presence": "at_home", "gas_checked": True}
    missing = worker.post(
        url,
        {"outcome": "reached", "answers": {"presence": "at_home"}},
        content_type="application/json",
    )
    assert missing.status_code == 400 and missing.json()["field"] == "answers.gas_checked"
    done = worker.post(
        url,
        {"outcome": "reached", "answers": answers, "revision": 0},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["revision"] == 1
    late = staff.post(url, {"outcome": "vacant", "revision": 0}, content_type="application/json")
    assert late.status_code == 409 and late.json()["field"] == "revision"
    progress = staff.get(f"{API}/campaigns/{cid}/progress").json()
    assert progress["total"]["settled"] == 1 and progress["total"]["share"] == 0.5
    outsider = login(world.users["outsider"])
    assert outsider.get(f"{API}/campaigns/{cid}").status_code == 404
    assert (
        outsider.post(url, {"outcome": "vacant"}, content_type="application/json").status_code
        == 404
    )


def test_it_shows_a_campaign_to_the_workers_of_a_grid_it_covers(world: Any, login: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        campaign = do_launch_campaign(
            name="全街道排查",
            area=world.subdistrict,
            starts_on=dt.date(2026, 11, 1),
            ends_on=dt.date(2026, 11, 30),
            actor=world.users["subdistrict_staff"],
        )
    worker = login(world.users["outsider"])
    assert worker.get(f"{API}/campaigns/{campaign.pk}").status_code == 200
    rows = worker.get(f"{API}/campaigns/{campaign.pk}/households").json()["results"]
    assert {r["grid_code"] for r in rows} == {world.west_grid.code}
    assert CampaignHousehold.objects.filter(campaign=campaign).count() == 4
    assert login(world.users["resident"]).get(f"{API}/campaigns/{campaign.pk}").status_code == 404
