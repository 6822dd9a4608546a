"""Two subdistrict staff applying the same plan at once: it is applied exactly once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from areas.division import actions
from areas.division.engine import Bounds
from areas.division.models import PlanMode
from areas.division.tests.helpers import populate
from areas.models import Area
from core.models import AuditEntry
from core.refusal import Refusal


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_applies_a_plan_once_when_two_apply_together(world) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    populate(world)
    plan = actions.do_draft_plan(
        world.east, bounds=Bounds(), mode=PlanMode.FRESH, actor=world.users["community_staff"]
    )
    actions.do_review_plan(plan, world.east, actor=world.users["community_staff"])
    actions.do_approve_plan(plan, actor=world.users["subdistrict_staff"])
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def apply() -> None:
        barrier.wait()
        try:
            actions.do_apply_plan(plan, actor=world.users["subdistrict_staff"])
            outcomes.append("applied")
        except Refusal:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["applied", "refused"]
    assert AuditEntry.objects.filter(action="division.plan_applied").count() == 1
    assert Area.objects.filter(parent=world.east, level="grid", active=True).count() == 2
