"""Pending extension and suspension requests: who is told and decides them, and how they lapse
when the case moves on."""

import datetime as dt
from typing import Any

import pytest
import time_machine

from cases import actions as A
from cases import selectors
from cases.models import Case, CaseRequest, RequestStatus
from cases.sweep import sweep_deadlines
from cases.tests.helpers import jpeg, report
from cases.workflow import Level, Status
from core.models import AuditEntry
from core.refusal import Conflict, Forbidden


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
    with pytest.raises(Conflict, match="失效"):
        A.do_decide_request(req, approve=True, actor=staff)
    with pytest.raises(Conflict, match="失效"):
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
    with pytest.raises(Forbidden):
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


def _told(req: CaseRequest) -> set[Any]:
    from core.models import Notification

    return set(Notification.objects.filter(body=req.reason).values_list("user", flat=True))


def _finding(people: list[Any], login: Any, reason: str) -> set[Any]:
    """Who finds the request on their approvals page."""
    found = set()
    for user in people:
        page = login(user).get("/cases/desk/approvals/")
        if page.status_code == 200 and reason in page.content.decode():
            found.add(user.pk)
    return found


def test_everyone_told_of_a_request_finds_it_on_the_approvals_page_and_nobody_else_is_told(
    world: Any, login: Any
) -> None:
    """The notice and the page ask one rule (`permissions.deciding_q`): the desk of the level
    above, not the one who asked, also after the sweep lifts the case and the request with it."""
    from accounts.roles import Role
    from core.models import Notification

    worker = world.users["grid_worker"]
    colleague = world.user(Role.COMMUNITY_STAFF, world.east, name="东社区同事")
    district = world.user(Role.DISTRICT_STAFF, world.district, name="区干部")
    people = [*(u for k, u in world.users.items() if k != "admin"), colleague, district]
    case = dispatched(world)
    req = A.do_request_extension(case, days=2, reason="等配件到货", actor=worker)
    community = {world.users["community_staff"].pk, colleague.pk}
    assert _told(req) == community
    assert _finding(people, login, "等配件到货") == community
    # The sweep lifts the case to the community: the subdistrict decides now, and is told.
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=60)):
        sweep_deadlines()
    req.refresh_from_db()
    subdistrict = {world.users["subdistrict_staff"].pk}
    assert _told(req) == community | subdistrict
    assert _finding(people, login, "等配件到货") == subdistrict
    # An earlier notice leads the community to the case, which no longer sends them to approvals.
    told = Notification.objects.filter(user=colleague, body="等配件到货").get()
    page = login(colleague).get(told.url).content.decode()
    assert "有申请待审批" in page and "/cases/desk/approvals/" not in page
    assert (
        'href="/cases/desk/approvals/"'
        in login(world.users["subdistrict_staff"]).get(told.url).content.decode()
    )


def test_a_desk_worker_is_not_told_of_their_own_request_nor_finds_it(
    world: Any, login: Any
) -> None:
    from accounts.roles import Role

    staff = world.users["community_staff"]
    colleague = world.user(Role.COMMUNITY_STAFF, world.east, name="东社区同事")
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=staff, actor=staff)
    req = A.do_request_suspension(case, reason="等待拆迁通知", actor=staff)
    assert _told(req) == {colleague.pk}
    assert _finding([staff, colleague], login, "等待拆迁通知") == {colleague.pk}
    with pytest.raises(Forbidden):
        A.do_decide_request(req, approve=True, actor=staff)
