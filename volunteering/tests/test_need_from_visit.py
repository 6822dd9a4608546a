"""A need raised on a household visit: the needs list's form is filled from the visit and the
need names it; a visit of another community's household is refused."""

from __future__ import annotations

from typing import Any

import pytest

from core import timeutil
from core.refusal import Refusal
from fieldwork.actions.visits import do_record_visit
from fieldwork.models import VisitKind
from volunteering import actions
from volunteering.models import Need


def visit_of(world: Any, household: Any, actor: Any) -> Any:
    return do_record_visit(
        household,
        actor=actor,
        visited_on=timeutil.today(),
        kind=VisitKind.CARE,
        found="独居老人行动不便",
        needs="希望有人每周送餐",
    )


def test_it_adds_a_need_from_a_visit(world: Any, login: Any) -> None:
    visit = visit_of(world, world.east_households[0], world.users["grid_worker"])
    client = login(world.users["community_staff"])
    page = client.get(f"/volunteering/staff/lists/?visit={visit.pk}")
    form = page.context["forms"]["need"]
    assert form.initial["visit"] == visit.pk and "送餐" in form.initial["title"]
    need = actions.do_add_need(
        community=world.east,
        title="送餐",
        category=form.fields["category"].choices[0][0],
        visit=visit.pk,
        actor=world.users["community_staff"],
    )
    assert need.visit_id == visit.pk
    shown = client.get(f"/fieldwork/visits/{visit.pk}/")
    assert any(link.made for link in shown.context["links"])


def test_it_refuses_a_visit_of_another_community(world: Any) -> None:
    visit = visit_of(world, world.west_households[0], world.users["outsider"])
    with pytest.raises(Refusal):
        actions.do_add_need(
            community=world.east,
            title="送餐",
            category="elderly",
            visit=visit.pk,
            actor=world.users["community_staff"],
        )
    assert not Need.objects.exists()
