"""A case opened from a household visit: the report form is filled from the visit, placed at
the household's building and linked to the visit; the visit's page lists it."""

from __future__ import annotations

from typing import Any

from cases.models import Case
from core import timeutil
from fieldwork.actions.visits import do_record_visit
from fieldwork.models import VisitKind


def visit_of(world: Any) -> Any:
    return do_record_visit(
        world.east_households[0],
        actor=world.users["grid_worker"],
        visited_on=timeutil.today(),
        kind=VisitKind.ROUTINE,
        found="楼道堆满杂物",
        needs="楼道杂物需要清理",
    )


def test_it_opens_a_case_from_a_visit_linked_to_it(world: Any, login: Any) -> None:
    visit = visit_of(world)
    client = login(world.users["grid_worker"])
    form = client.get(f"/cases/report/?visit={visit.pk}")
    assert form.context["values"]["description"] == "楼道杂物需要清理"
    assert f'name="visit" value="{visit.pk}"' in form.content.decode()
    r = client.post(
        "/cases/report/",
        {
            "category": "S0101",
            "description": "楼道杂物需要清理",
            "visit": str(visit.pk),
            "idempotency_key": "from-visit-1",
        },
    )
    assert r.status_code == 302, r.content.decode()[-800:]
    case = Case.objects.get()
    assert case.visit_id == visit.pk
    assert case.building_id == world.east_building.pk
    page = client.get(f"/fieldwork/visits/{visit.pk}/")
    made = [link for link in page.context["links"] if link.made]
    assert [link.url for link in made] == [f"/cases/{case.pk}/"]


def test_it_ignores_a_visit_the_reporter_may_not_see(world: Any, login: Any) -> None:
    visit = visit_of(world)
    client = login(world.users["outsider"])
    form = client.get(f"/cases/report/?visit={visit.pk}")
    assert form.context["visit"] is None
    assert "楼道" not in form.context["values"].get("description", "")
