"""A case found on a patrol names it; resolved on the spot, it is closed at once."""

from __future__ import annotations

from typing import Any

import pytest

from cases.models import Case, Channel
from cases.tests.helpers import EAST, WEST, category, jpeg, report
from cases.workflow import Status
from core.refusal import Invalid
from fieldwork.actions import do_end_patrol, do_start_patrol

pytestmark = pytest.mark.django_db


def test_it_links_a_finding_to_the_patrol_from_its_page(world: Any, login: Any) -> None:
    worker = world.users["grid_worker"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    client = login(worker)
    page = client.get(f"/cases/patrol/?patrol={patrol.pk}")
    assert f'name="patrol" value="{patrol.pk}"' in page.content.decode()
    answer = client.post(
        "/cases/patrol/",
        {
            "patrol": patrol.pk,
            "category": category().code,
            "description": "井盖破损",
            "lon": EAST[0],
            "lat": EAST[1],
            "resolve_on_spot": "on",
            "photos": jpeg(),
            "after_photos": jpeg(gps=False, name="after.jpg"),
            "idempotency_key": "k1",
        },
    )
    assert answer.status_code == 302 and answer["Location"] == f"/fieldwork/patrols/{patrol.pk}/"
    case = Case.objects.get()
    assert case.patrol == patrol and case.status == Status.CLOSED and case.resolved_on_spot
    shown = client.get(f"/fieldwork/patrols/{patrol.pk}/").content.decode()
    assert case.number in shown


def test_it_refuses_a_finding_on_anothers_or_an_ended_patrol(world: Any) -> None:
    from cases.found_on_patrol import link

    worker, outsider = world.users["grid_worker"], world.users["outsider"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    with pytest.raises(Invalid):
        link(outsider, patrol.pk, Channel.PATROL)
    with pytest.raises(Invalid):
        link(worker, patrol.pk, Channel.APP)
    check, then = link(worker, patrol.pk, Channel.PATROL)
    with pytest.raises(Invalid):  # outside the patrol's grid
        report(world, actor=worker, channel=Channel.PATROL, at=WEST, check=check, then=then)
    case = report(world, actor=worker, channel=Channel.PATROL, check=check, then=then)
    assert Case.objects.get(pk=case.pk).patrol == patrol
    do_end_patrol(patrol, actor=worker)
    with pytest.raises(Invalid):
        link(worker, patrol.pk, Channel.PATROL)


def test_it_takes_the_patrol_in_the_api(world: Any, login: Any) -> None:
    worker = world.users["grid_worker"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    body = {
        "category": "S0101",
        "description": "路灯不亮",
        "lon": EAST[0],
        "lat": EAST[1],
        "channel": "patrol",
        "patrol": patrol.pk,
    }
    client = login(worker)
    made = client.post("/api/v1/cases/", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert Case.objects.get().patrol_id == patrol.pk
    other = login(world.users["outsider"]).post(
        "/api/v1/cases/", {**body, "lon": WEST[0], "lat": WEST[1]}, content_type="application/json"
    )
    assert other.status_code == 400 and other.json()["field"] == "patrol"
