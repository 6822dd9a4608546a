import datetime as dt
from typing import Any

import pytest
import time_machine

from cases import actions as A
from cases.models import Case, CaseRequest, Rating, RequestStatus
from cases.tests.helpers import jpeg, report
from cases.workflow import Level, Status
from core.models import AuditEntry, Notification
from core.refusal import Conflict, Forbidden, NotFound, Refusal


def dispatched(world: Any, **kw: Any) -> Case:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world, **kw)
    A.do_accept_case(case, actor=staff)
    return A.do_dispatch_case(case, to=worker, actor=staff)


def closed(world: Any) -> Case:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    A.do_handle_case(case, actor=worker, note="已清理", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=staff)
    return A.do_close_case(case, actor=staff)


def test_it_runs_the_whole_loop_with_history_owner_and_notices(world: Any) -> None:
    staff, worker, resident = (
        world.users[k] for k in ("community_staff", "grid_worker", "resident")
    )
    case = report(world)
    case = A.do_accept_case(case, actor=staff)
    assert case.owner == staff and case.handle_due
    A.do_dispatch_case(case, to=worker, actor=staff)
    assert Notification.objects.filter(user=worker, title="新任务").exists()
    A.do_start_case(case, actor=worker)
    A.do_handle_case(case, actor=worker, note="已清理", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=staff)
    A.do_close_case(case, actor=staff)
    assert Notification.objects.filter(user=resident).exists()
    rating = A.do_rate_case(case, score=5, comment="很快", actor=resident)
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.rating == 5 and rating.score == 5
    assert case.closed_level == Level.GRID
    assert [t.action for t in case.transitions.all()] == [
        "report",
        "accept",
        "dispatch",
        "start",
        "handle",
        "verify_pass",
        "close",
        "rate",
    ]
    assert AuditEntry.objects.filter(action="case.close", object_id=str(case.pk)).exists()


def test_it_counts_rework_when_verification_fails(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    A.do_handle_case(case, actor=worker, note="done")
    with pytest.raises(Refusal):
        A.do_verify_case(case, passed=False, actor=staff, note="")
    A.do_verify_case(case, passed=False, actor=staff, note="还有垃圾")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.rework_count == 1
    A.do_handle_case(case, actor=worker, note="again")
    with pytest.raises(Forbidden):
        A.do_verify_case(case, passed=True, actor=worker)


def test_it_refuses_illegal_transitions_as_conflicts_and_changes_nothing(world: Any) -> None:
    staff = world.users["community_staff"]
    case = report(world)
    with pytest.raises(Conflict, match="已上报"):
        A.do_close_case(case, actor=staff)
    case.refresh_from_db()
    assert case.status == Status.REPORTED and case.transitions.count() == 1


def test_it_keeps_actions_inside_the_users_area(world: Any) -> None:
    case = report(world)
    with pytest.raises(NotFound):
        A.do_accept_case(case, actor=world.users["outsider"])
    with pytest.raises(Forbidden):
        A.do_accept_case(case, actor=world.users["resident"])
    A.do_accept_case(case, actor=world.users["community_staff"])
    with pytest.raises(Refusal, match="不能办理"):
        A.do_dispatch_case(case, to=world.users["outsider"], actor=world.users["community_staff"])
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


def test_it_dispatches_in_bulk_all_or_nothing(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    a, b, c = report(world), report(world), report(world)
    for x in (a, b):
        A.do_accept_case(x, actor=staff)
    with pytest.raises(Conflict):
        A.do_dispatch_cases([a, b, c], to=worker, actor=staff)
    assert Case.objects.filter(status=Status.DISPATCHED).count() == 0
    done = A.do_dispatch_cases([a.pk, b.pk], to=worker, actor=staff)
    assert {x.status for x in done} == {Status.DISPATCHED}


def test_it_reopens_a_case_rated_1_or_2_within_7_days(world: Any) -> None:
    resident = world.users["resident"]
    case = closed(world)
    A.do_rate_case(case, score=2, comment="没修好", actor=resident)
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert [t.action for t in case.transitions.all()][-1] == "reopen"
    with pytest.raises(Refusal):
        A.do_rate_case(case, score=True, actor=resident)


def test_it_does_not_reopen_after_7_days(world: Any) -> None:
    case = closed(world)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        A.do_rate_case(case, score=1, actor=world.users["resident"])
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.rating == 1
    with pytest.raises(Refusal, match="已经评价"):
        A.do_rate_case(case, score=3, actor=world.users["resident"])
    with pytest.raises(Forbidden):
        A.do_rate_case(case, score=3, actor=world.users["community_staff"])


def test_it_lets_merged_reporters_rate_the_surviving_case(world: Any) -> None:
    staff = world.users["community_staff"]
    survivor = report(world, actor=world.users["grid_worker"])
    dup = report(world)
    A.do_merge_case(dup, into=survivor, actor=staff)
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.merged_into == survivor
    A.do_accept_case(survivor, actor=staff)
    A.do_dispatch_case(survivor, to=world.users["grid_worker"], actor=staff)
    A.do_handle_case(survivor, actor=world.users["grid_worker"], note="ok")
    A.do_verify_case(survivor, passed=True, actor=staff)
    A.do_close_case(survivor, actor=staff)
    A.do_rate_case(survivor, score=4, actor=world.users["resident"])
    assert Rating.objects.filter(case=survivor, user=world.users["resident"]).exists()


def test_it_revisits_with_a_second_worker_only(world: Any) -> None:
    case = closed(world)
    with pytest.raises(Forbidden):
        A.do_revisit_case(case, satisfied=True, note="ok", actor=world.users["grid_worker"])
    A.do_revisit_case(
        case, satisfied=False, note="居民说没修好", actor=world.users["subdistrict_staff"]
    )
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED


def test_it_escalates_with_a_reason_keeping_the_owner(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    with pytest.raises(Refusal):
        A.do_escalate_case(case, reason="", actor=worker)
    A.do_escalate_case(case, reason="需要执法部门", actor=worker)
    case.refresh_from_db()
    assert case.level == Level.COMMUNITY and case.status == Status.ACCEPTED
    assert case.owner == staff and case.handler is None
    assert Notification.objects.filter(user=staff, title="有案件上报给您").exists()


def test_it_needs_the_level_above_to_approve_an_extension(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    due = case.handle_due
    req = A.do_request_extension(case, days=3, reason="等配件", actor=worker)
    with pytest.raises(Conflict):
        A.do_request_extension(case, days=2, reason="again", actor=worker)
    with pytest.raises(Refusal):
        A.do_request_extension(case, days=99, reason="x", actor=worker)
    with pytest.raises(Forbidden):
        A.do_decide_request(req, approve=True, actor=worker)
    A.do_decide_request(req, approve=True, actor=staff)
    case.refresh_from_db()
    assert case.handle_due and due and case.handle_due > due
    assert case.extended and case.due_at == case.handle_due
    with pytest.raises(Conflict):
        A.do_decide_request(req, approve=False, actor=staff)


def test_it_suspends_and_resumes_with_the_clock_stopped(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    req = A.do_request_suspension(case, reason="等待拆迁", actor=worker)
    A.do_decide_request(req, approve=True, actor=staff)
    case.refresh_from_db()
    assert case.status == Status.SUSPENDED and case.due_at is None
    before = case.handle_due
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        A.do_resume_case(case, actor=worker)
    case.refresh_from_db()
    assert case.handle_due and before and case.handle_due > before
    assert case.status == Status.IN_PROGRESS
    assert CaseRequest.objects.get().status == RequestStatus.APPROVED


def test_it_hands_ownership_over_formally(world: Any) -> None:
    staff = world.users["community_staff"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    with pytest.raises(Forbidden):
        A.do_hand_over_case(
            case, to=world.users["grid_worker"], reason="x", actor=world.users["grid_worker"]
        )
    A.do_hand_over_case(case, to=world.users["grid_worker"], reason="调岗", actor=staff)
    case.refresh_from_db()
    assert case.owner == world.users["grid_worker"]


def test_it_records_disputes_and_climbs_the_mediation_ladder(world: Any) -> None:
    worker = world.users["grid_worker"]
    case = dispatched(world, code="Z0101")
    with pytest.raises(Refusal):
        A.do_open_dispute(case, dispute_type="neighbours", parties=[{"name": "甲"}], actor=worker)
    d = A.do_open_dispute(
        case, dispute_type="neighbours", parties=[{"name": "甲"}, {"name": "乙"}], actor=worker
    )
    A.do_record_mediation(
        d, date=dt.date.today(), mediators="张调解", outcome="failed", actor=worker
    )
    A.do_escalate_mediation(d, reason="调解不成", actor=worker)
    A.do_record_mediation(
        d, date=dt.date.today(), mediators="社区调委会", outcome="agreed", actor=worker
    )
    A.do_record_agreement(d, text="双方同意各退一步", actor=worker)
    d.refresh_from_db()
    assert d.mediation_level == 1 and d.agreed_at
    assert list(d.sessions.values_list("level", flat=True)) == [0, 1]
