"""Levels are enforced: a case's desk is the office of its level (微事不出格、小事不出村、大事不出镇).
Lower levels are refused, a level above steps in by taking the case, and only the assigned
handler handles it."""

from typing import Any

import pytest

from accounts.roles import Role
from cases import actions as A
from cases import selectors
from cases.models import Case, CaseTransition
from cases.tests.helpers import report
from cases.workflow import Level, Status
from core.models import AuditEntry
from core.refusal import Forbidden


def _to_subdistrict(world: Any) -> Case:
    """A grid case escalated twice: the worker sends it to the community, the community to
    the subdistrict. It waits there, accepted and undispatched."""
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    A.do_escalate_case(case, reason="网格解决不了", actor=worker)
    A.do_escalate_case(case, reason="需要街道协调", actor=staff)
    case.refresh_from_db()
    assert (case.level, case.status, case.handler_id) == (Level.SUBDISTRICT, Status.ACCEPTED, None)
    return case


def _stored(case: Case) -> tuple[Any, ...]:
    case.refresh_from_db()
    return (
        case.status,
        case.level,
        case.handler_id,
        case.transitions.count(),
        AuditEntry.objects.count(),
    )


def test_an_escalated_case_is_refused_to_the_level_below_and_taken_by_its_own(world: Any) -> None:
    case = _to_subdistrict(world)
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    before = _stored(case)
    with pytest.raises(Forbidden, match="层级"):
        A.do_dispatch_case(case, to=worker, actor=staff)
    with pytest.raises(Forbidden):
        A.do_dispatch_cases([case.pk], to=worker, actor=staff)
    with pytest.raises(Forbidden):
        A.do_escalate_case(case, reason="再上报", actor=staff)
    with pytest.raises(Forbidden):
        A.do_handle_case(case, note="办好了", actor=worker)
    assert _stored(case) == before
    A.do_dispatch_case(case, to=worker, actor=world.users["subdistrict_staff"])
    A.do_handle_case(case, note="街道协调清运", actor=worker)
    with pytest.raises(Forbidden):
        A.do_verify_case(case, passed=True, actor=staff)
    colleague = world.user(Role.GRID_WORKER, world.east_grid, "13700000020", "东网格员二")
    with pytest.raises(Forbidden):  # a grid peer cross-checks grid cases only
        A.do_verify_case(case, passed=True, actor=colleague)
    A.do_verify_case(case, passed=True, actor=world.users["subdistrict_staff"])
    with pytest.raises(Forbidden):
        A.do_close_case(case, actor=staff)
    A.do_close_case(case, actor=world.users["subdistrict_staff"])
    case.refresh_from_db()
    assert (case.status, case.closed_level) == (Status.CLOSED, Level.SUBDISTRICT)


def test_the_page_refuses_the_lower_level_with_a_message_and_stores_nothing(
    world: Any, login: Any
) -> None:
    case = _to_subdistrict(world)
    worker = world.users["grid_worker"]
    before = _stored(case)
    client = login(world.users["community_staff"])
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert f'action="/cases/{case.pk}/dispatch/"' not in page.content.decode()
    assert "现在处于街道层级：由该层级的工作人员处理" in page.content.decode()
    r = client.post(f"/cases/{case.pk}/dispatch/", {"to": worker.pk}, follow=True)
    text = r.content.decode()
    assert "该事件现在处于街道层级" in text  # the case's level, in the reader's language
    assert _stored(case) == before
    r = login(world.users["subdistrict_staff"]).post(
        f"/cases/{case.pk}/dispatch/", {"to": worker.pk}
    )
    case.refresh_from_db()
    assert (case.status, case.handler_id) == (Status.DISPATCHED, worker.pk)


def test_the_api_answers_403_to_the_lower_level_and_stores_nothing(world: Any, login: Any) -> None:
    case = _to_subdistrict(world)
    worker = world.users["grid_worker"]
    before = _stored(case)
    url = f"/api/v1/cases/{case.pk}/dispatch"
    r = login(world.users["community_staff"]).post(
        url, {"to": worker.pk}, content_type="application/json"
    )
    assert r.status_code == 403, r.content
    assert "level" in r.json()["detail"] or "层级" in r.json()["detail"]
    assert _stored(case) == before
    r = login(world.users["subdistrict_staff"]).post(
        url, {"to": worker.pk}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["handler"] == worker.name


def test_a_level_above_steps_in_by_taking_the_case(world: Any, login: Any) -> None:
    """督办: the subdistrict closes a grid case itself; the case moves up to the subdistrict
    first (on the timeline and in the audit), so the closing level says who resolved it."""
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    A.do_handle_case(case, note="清理完毕", actor=worker)
    A.do_verify_case(case, passed=True, actor=staff)
    case.refresh_from_db()
    assert case.level == Level.GRID
    assert (
        "处理即由您所在层级接手"
        in login(world.users["subdistrict_staff"]).get(f"/cases/{case.pk}/").content.decode()
    )
    A.do_close_case(case, actor=world.users["subdistrict_staff"])
    case.refresh_from_db()
    assert (case.level, case.closed_level) == (Level.SUBDISTRICT, Level.SUBDISTRICT)
    taken = case.transitions.get(action="take_over")
    assert (taken.from_level, taken.to_level) == (Level.GRID, Level.SUBDISTRICT)
    assert taken.actor == world.users["subdistrict_staff"]
    assert AuditEntry.objects.filter(action="case.take_over").count() == 1


def test_the_community_desk_closes_its_grid_cases_at_the_grid_level(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    A.do_handle_case(case, note="清理完毕", actor=worker)
    A.do_verify_case(case, passed=True, actor=staff)
    A.do_close_case(case, actor=staff)
    case.refresh_from_db()
    assert case.closed_level == Level.GRID
    assert not CaseTransition.objects.filter(action="take_over").exists()


def test_a_grid_head_is_refused_once_the_case_left_the_grid(world: Any) -> None:
    head = world.user(Role.GRID_HEAD, world.east_grid, "13700000021", "东网格长")
    case = report(world)
    A.do_accept_case(case, actor=head)
    A.do_escalate_case(case, reason="社区处理", actor=head)
    with pytest.raises(Forbidden, match="层级"):
        A.do_dispatch_case(case, to=world.users["grid_worker"], actor=head)
    A.do_dispatch_case(case, to=world.users["grid_worker"], actor=world.users["community_staff"])


def test_only_the_assigned_handler_handles(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    colleague = world.user(Role.GRID_WORKER, world.east_grid, "13700000022", "东网格员二")
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    with pytest.raises(Forbidden):
        A.do_start_case(case, actor=colleague)
    with pytest.raises(Forbidden):
        A.do_handle_case(case, note="我来办", actor=colleague)
    with pytest.raises(Forbidden):
        A.do_request_suspension(case, reason="我来挂账", actor=colleague)
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED
    A.do_start_case(case, actor=worker)
    A.do_handle_case(case, note="办好了", actor=worker)
    # A colleague of the grid still cross-checks a grid case (not their own work).
    A.do_verify_case(case, passed=True, actor=colleague)


def test_the_handler_form_is_only_the_handlers(world: Any, login: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    colleague = world.user(Role.GRID_WORKER, world.east_grid, "13700000023", "东网格员三")
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    form = f'action="/cases/{case.pk}/start/"'
    assert form not in login(colleague).get(f"/cases/{case.pk}/").content.decode()
    assert form in login(worker).get(f"/cases/{case.pk}/").content.decode()


def test_the_desk_queue_holds_the_cases_at_the_staff_level(world: Any, login: Any) -> None:
    grid_case = report(world, description="东边垃圾没人收")
    up = _to_subdistrict(world)
    community, subdistrict = world.users["community_staff"], world.users["subdistrict_staff"]
    assert set(selectors.desk_queue(community)) == {grid_case}
    assert set(selectors.desk_queue(subdistrict)) == {up}
    assert set(selectors.desk_queue(community, all_levels=True)) == {grid_case, up}
    assert set(selectors.desk_queue(world.users["admin"])) == {grid_case, up}
    assert selectors.desk_levels(community) == [Level.GRID, Level.COMMUNITY]

    client = login(community)
    text = client.get("/cases/desk/").content.decode()
    assert grid_case.number in text and up.number not in text
    assert "网格、社区" in text  # says which levels it shows
    text = client.get("/cases/desk/?level=all").content.decode()
    assert grid_case.number in text and up.number in text

    text = login(subdistrict).get("/cases/desk/").content.decode()
    assert up.number in text and grid_case.number not in text
    r = login(subdistrict).get("/api/v1/cases/?desk=true")
    assert [c["number"] for c in r.json()["results"]] == [up.number]
    assert r.json()["count"] == 1
    r = login(subdistrict).get("/api/v1/cases/")
    assert r.json()["count"] == 2
