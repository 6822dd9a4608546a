"""Giving a case to who already has it changes nothing and is refused (409): a repeated
dispatch or hand-over writes no second timeline entry, audit entry or notice."""

from typing import Any

import pytest

from accounts.roles import Role
from cases import actions as A
from cases.models import Case, CaseTransition
from cases.tests.helpers import jpeg
from cases.tests.test_api_actions import accepted, dispatched, refused
from cases.workflow import Status
from core.models import AuditEntry, Notification
from core.refusal import Conflict


def written() -> tuple[int, int, int]:
    return (
        CaseTransition.objects.count(),
        AuditEntry.objects.count(),
        Notification.objects.count(),
    )


def test_it_refuses_to_dispatch_a_case_to_its_handler_again(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    before = written()
    with pytest.raises(Conflict, match="该案件已派给东网格员，无需重复派遣") as err:
        A.do_dispatch_case(case, to=worker, actor=staff)
    assert err.value.status == 409 and err.value.field == "handler"
    assert written() == before
    # Another handler is a real re-dispatch.
    other = world.user(Role.GRID_WORKER, world.east_grid, name="东网格员二")
    A.do_dispatch_case(case, to=other, actor=staff)
    case.refresh_from_db()
    assert case.handler == other and case.status == Status.DISPATCHED


def test_it_dispatches_a_reopened_case_to_its_former_handler(world: Any) -> None:
    """Reopened, the case is accepted again and still names its handler: dispatching it to
    them moves it, so it is no repeat."""
    staff, worker, resident = (
        world.users[k] for k in ("community_staff", "grid_worker", "resident")
    )
    case = dispatched(world)
    A.do_handle_case(case, actor=worker, note="已清理", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=staff)
    A.do_close_case(case, actor=staff)
    A.do_rate_case(case, score=1, actor=resident)
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.handler == worker
    A.do_dispatch_case(case, to=worker, actor=staff)
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED


def test_it_refuses_a_bulk_dispatch_holding_a_case_already_with_the_handler(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    done = dispatched(world)
    fresh = accepted(world)
    before = written()
    with pytest.raises(Conflict, match=f"{done.number}: 该案件已派给东网格员"):
        A.do_dispatch_cases([fresh, done], to=worker, actor=staff)
    assert written() == before
    assert Case.objects.get(pk=fresh.pk).status == Status.ACCEPTED


def test_it_refuses_to_hand_a_case_over_to_its_owner(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = accepted(world)
    before = written()
    with pytest.raises(Conflict, match="已是该案件的负责人，无需重复移交"):
        A.do_hand_over_case(case, to=staff, reason="调岗", actor=staff)
    assert written() == before
    A.do_hand_over_case(case, to=worker, reason="调岗", actor=staff)
    with pytest.raises(Conflict, match="东网格员已是该案件的负责人"):
        A.do_hand_over_case(case, to=worker, reason="调岗", actor=staff)
    assert CaseTransition.objects.filter(case=case, action="hand_over").count() == 1
    assert Notification.objects.filter(user=worker, title__contains="移交").count() == 1


def test_the_api_answers_409_to_a_repeated_dispatch_or_hand_over(world: Any, login: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    client = login(staff)
    case = dispatched(world)
    r = refused(client, "/{id}/dispatch", {"to": worker.pk}, 409, id=case.pk)
    assert r.json() == {"detail": "该案件已派给东网格员，无需重复派遣。", "field": "handler"}
    r = refused(client, "/dispatch", {"to": worker.pk, "cases": [case.pk]}, 409)
    assert "无需重复派遣" in r.json()["detail"]
    r = refused(client, "/{id}/hand-over", {"to": staff.pk, "reason": "x"}, 409, id=case.pk)
    assert r.json()["detail"] == "东社区干部已是该案件的负责人，无需重复移交。"
