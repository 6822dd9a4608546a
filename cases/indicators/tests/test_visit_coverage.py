"""The indicators page shows household visit coverage (fieldwork's figures) by community
under the subdistrict and by grid under a community."""

from __future__ import annotations

from typing import Any

from core import timeutil
from fieldwork.actions.visits import do_record_visit
from fieldwork.models import VisitKind

URL = "/cases/indicators/"


def test_it_shows_visit_coverage_by_community_and_by_grid(world: Any, login: Any) -> None:
    do_record_visit(
        world.east_households[0],
        actor=world.users["grid_worker"],
        visited_on=timeutil.today(),
        kind=VisitKind.ROUTINE,
        found="正常",
    )
    page = login(world.users["subdistrict_staff"]).get(URL)
    visits = page.context["visits"]
    assert [(r.name, r.households, r.visited) for r in visits["rows"]] == [
        (world.east.name, 2, 1),
        (world.west.name, 2, 0),
    ]
    assert visits["total"].share == 0.25
    assert "入户走访覆盖" in page.content.decode() and "25.0%" in page.content.decode()
    east = login(world.users["community_staff"]).get(f"{URL}?area={world.east.code}")
    assert [r.name for r in east.context["visits"]["rows"]] == [world.east_grid.name]
