"""Pending extension and suspension requests lapse when the case moves on."""

import datetime as dt
from typing import Any

import pytest
import time_machine

from cases import actions as A
from cases import selectors
from cases.errors import CaseConflict, CaseForbidden
from cases.models import Case, CaseRequest, RequestStatus
from cases.sweep import sweep_deadlines
from cases.tests.helpers import jpeg, report
from cases.workflow import Level, Status
from core.models import AuditEntry


def dispatched(world: Any) -> Case:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    return A.do_dispatch_case(case, to=worker, actor=staff)


def test_it_lapses_a_request_when_the_case_is_handled_and_closed(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    req = A.do_request_extension(case, days=3, reason="等配件", actor=worker)
    assert selectors.pending_requests(staff) == [req]
    A.do_handle_case(case, actor=worker, note="已清理", photos=[jpeg()])
    req.refresh_from_db()
    assert req.status == RequestStatus.LAPSED and req.decided_at and req.decided_by is None
    assert selectors.pending_requests(staff) == []
    actions = [t.action for t in case.transitions.all()]
    assert actions[-2:] == ["handle", "lapse"]
    assert AuditEntry.objects.filter(action="case.lapse_request").count() == 1
    with pytest.raises(CaseConflict, match="失效"):
        A.do_decide_request(req, approve=True, actor=staff)
    with pytest.raises(CaseConflict, match="失效"):
        A.do_decide_request(req, approve=False, actor=staff)
    A.do_verify_case(case, passed=True, actor=staff)
    A.do_close_case(case, actor=staff)
    case.refresh_from_db()
    assert case.status == Status.CLOSED and not case.extended
    assert [t.action for t in case.transitions.all()].count("lapse") == 1
    assert not CaseRequest.objects.filter(status=RequestStatus.PENDING).exists()


def test_it_lapses_a_request_when_the_case_is_escalated_by_hand(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    req = A.do_request_suspension(case, reason="等待拆迁", actor=worker)
    A.do_escalate_case(case, reason="需要执法部门", actor=worker)
    req.refresh_from_db()
    assert req.status == RequestStatus.LAPSED and req.approver_level == Level.COMMUNITY
    assert selectors.pending_requests(staff) == []
    assert selectors.pending_requests(world.users["subdistrict_staff"]) == []
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert list(case.transitions.values_list("action", flat=True))[-2:] == ["escalate", "lapse"]


def test_it_keeps_a_request_that_still_applies(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    req = A.do_request_extension(case, days=2, reason="等配件", actor=worker)
    A.do_start_case(case, actor=worker)
    A.do_hand_over_case(case, to=worker, reason="调岗", actor=staff)
    req.refresh_from_db()
    assert req.status == RequestStatus.PENDING
    A.do_decide_request(req, approve=True, actor=staff)
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED


def test_the_sweep_sends_a_pending_request_to_the_new_level_above(world: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    req = A.do_request_extension(case, days=2, reason="等配件", actor=worker)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=60)):
        assert sweep_deadlines() == 1
    case.refresh_from_db()
    req.refresh_from_db()
    assert case.level == Level.COMMUNITY and case.status == Status.DISPATCHED
    assert req.status == RequestStatus.PENDING and req.approver_level == Level.SUBDISTRICT
    assert selectors.pending_requests(staff) == []
    with pytest.raises(CaseForbidden):
        A.do_decide_request(req, approve=True, actor=staff)
    A.do_decide_request(req, approve=True, actor=world.users["subdistrict_staff"])
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED


def test_the_page_and_api_drop_a_lapsed_request_and_refuse_to_decide_it(
    world: Any, login: Any
) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    req = A.do_request_extension(case, days=3, reason="等配件零件", actor=worker)
    client = login(staff)
    assert "等配件零件" in client.get("/cases/desk/approvals/").content.decode()
    assert [r["id"] for r in client.get("/api/v1/cases/requests").json()] == [req.pk]
    A.do_handle_case(case, actor=worker, note="已清理", photos=[jpeg()])
    assert "等配件零件" not in client.get("/cases/desk/approvals/").content.decode()
    assert client.get("/api/v1/cases/requests").json() == []
    answer = client.post(
        f"/api/v1/cases/requests/{req.pk}/decide",
        {"approve": True},
        content_type="application/json",
    )
    assert answer.status_code == 409, answer.content
    page = client.post("/cases/desk/approvals/", {"request": req.pk, "approve": "1"}, follow=True)
    assert "此申请已失效" in page.content.decode()
    req.refresh_from_db()
    assert req.status == RequestStatus.LAPSED and req.decided_by is None


def test_it_tells_the_desk_above_what_the_request_is_about(world: Any) -> None:
    from core.models import Notification

    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    A.do_request_extension(case, days=3, reason="等配件", actor=worker)
    notice = Notification.objects.get(user=staff, body="等配件")
    assert notice.title == "延期申请待您审批" and notice.url == f"/cases/{case.pk}/"


def test_the_case_page_offers_a_request_only_while_none_is_waiting(world: Any, login: Any) -> None:
    worker = world.users["grid_worker"]
    case = dispatched(world)
    form = f"/cases/{case.pk}/extension/"
    client = login(worker)
    assert form in client.get(f"/cases/{case.pk}/").content.decode()
    A.do_request_extension(case, days=3, reason="等配件", actor=worker)
    assert form not in client.get(f"/cases/{case.pk}/").content.decode()
