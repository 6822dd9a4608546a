"""The cases API beyond the main loop (test_api.py): every other endpoint's success, a refusal
from outside the area, an illegal transition and bad input. Every answer's status must be
declared in the operation's responses, and a refused request stores nothing."""

import datetime as dt
from typing import Any

from cases import actions as A
from cases.models import (
    Case,
    CaseRequest,
    CaseTransition,
    Dispute,
    MediationSession,
    Rating,
    Supporter,
)
from cases.tests.helpers import EAST, jpeg, report
from core.models import AuditEntry, Notification
from core.schemas import ErrorOut, ValidationErrorOut

URL = "/api/v1/cases"
_schema: dict[str, Any] = {}


def declared(client: Any, method: str, template: str) -> set[str]:
    if not _schema:
        _schema.update(client.get("/api/v1/openapi.json").json())
    name = "{request_id}" if template.startswith("/requests/") else "{case_id}"
    return set(_schema["paths"][URL + template.replace("{id}", name)][method]["responses"])


def call(client: Any, template: str, data: Any = None, *, method: str = "post", **ids: Any) -> Any:
    """Answer of one operation; its status must be declared, an error must have its body."""
    path = URL + template.format(**ids)
    if method == "get":
        r = client.get(path, data or {})
    else:
        r = client.post(path, data if data is not None else {}, content_type="application/json")
    assert str(r.status_code) in declared(client, method, template), (template, r.status_code)
    if r.status_code == 422:
        ValidationErrorOut.model_validate(r.json())
    elif r.status_code >= 400:
        got = r.json()
        assert set(got) <= {"detail", "field"} and ErrorOut.model_validate(got).detail
    return r


def state() -> Any:
    cases = Case.objects.order_by("pk").values_list(
        "pk", "status", "level", "owner_id", "handler_id", "merged_into_id", "due_at"
    )
    return (
        list(cases),
        list(CaseRequest.objects.order_by("pk").values_list("pk", "status")),
        list(Dispute.objects.order_by("pk").values_list("pk", "mediation_level", "agreed_at")),
        CaseTransition.objects.count(),
        AuditEntry.objects.count(),
        Supporter.objects.count(),
        MediationSession.objects.count(),
        Notification.objects.count(),
    )


def refused(client: Any, template: str, data: Any, code: int, **ids: Any) -> Any:
    before = state()
    r = call(client, template, data, **ids)
    assert r.status_code == code, (template, data, r.status_code, r.content)
    assert state() == before
    return r


def audited(action: str, obj: Any) -> bool:
    return AuditEntry.objects.filter(action=action, object_id=str(obj.pk)).exists()


def last_step(case: Case) -> CaseTransition:
    return case.transitions.order_by("-at", "-pk").first()  # type: ignore[return-value]


def accepted(world: Any, **kw: Any) -> Case:
    return A.do_accept_case(report(world, **kw), actor=world.users["community_staff"])


def dispatched(world: Any, **kw: Any) -> Case:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    return A.do_dispatch_case(accepted(world, **kw), to=worker, actor=staff)


def closed(world: Any) -> Case:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispatched(world)
    A.do_handle_case(case, actor=worker, note="已清理", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=staff)
    return A.do_close_case(case, actor=staff)


def test_it_rejects_a_reported_case_with_a_reason(world: Any, login: Any) -> None:
    case = report(world)
    path = "/{id}/reject"
    refused(login(world.users["outsider"]), path, {"reason": "x"}, 404, id=case.pk)
    refused(login(world.users["resident"]), path, {"reason": "x"}, 403, id=case.pk)
    client = login(world.users["community_staff"])
    refused(client, path, {"reason": ""}, 422, id=case.pk)
    refused(client, path, {"reason": "   "}, 400, id=case.pk)
    r = call(client, path, {"reason": "不属于本辖区"}, id=case.pk)
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert r.json()["transitions"][-1]["action"] == "reject"
    assert r.json()["transitions"][-1]["note"] == "不属于本辖区"
    assert audited("case.reject", case)
    refused(client, path, {"reason": "again"}, 409, id=case.pk)


def test_it_merges_a_duplicate_into_an_open_case(world: Any, login: Any) -> None:
    dup, survivor = report(world), report(world, description="同一堆垃圾")
    path = "/{id}/merge"
    refused(login(world.users["outsider"]), path, {"into": survivor.pk}, 404, id=dup.pk)
    client = login(world.users["community_staff"])
    refused(client, path, {"into": dup.pk}, 400, id=dup.pk)
    refused(client, path, {"into": "x"}, 422, id=dup.pk)
    refused(client, path, {"into": 999_999}, 404, id=dup.pk)
    rejected = A.do_reject_case(report(world), actor=world.users["community_staff"], reason="重复")
    refused(client, path, {"into": rejected.pk}, 409, id=dup.pk)  # the survivor has ended
    r = call(client, path, {"into": survivor.pk, "note": "同一处"}, id=dup.pk)
    assert r.status_code == 200 and r.json()["status"] == "merged"
    assert r.json()["merged_into"] == survivor.pk
    assert r.json()["transitions"][-1]["action"] == "merge"
    assert audited("case.merge", dup)
    moved = dispatched(world)
    refused(client, path, {"into": survivor.pk}, 409, id=moved.pk)
    # A plain case is not merged into a dispute: its reporter would follow the parties' case.
    feud = report(world, code="Z0101", description="楼上漏水邻里争执")
    refused(client, path, {"into": feud.pk}, 409, id=report(world).pk)


def test_it_adds_me_too_support_once(world: Any, login: Any, client: Any) -> None:
    case = report(world)
    path = "/{id}/support"
    refused(client, path, None, 401, id=case.pk)
    refused(login(world.users["resident"]), path, None, 400, id=case.pk)  # their own report
    # Anyone signed in may support a case offered as a duplicate, also from another area.
    outsider = login(world.users["outsider"])
    refused(outsider, path, None, 404, id=999_999)
    r = call(outsider, path, id=case.pk)
    assert r.status_code == 200 and r.json() == {"case_id": case.pk, "supporters": 1}
    assert Supporter.objects.filter(case=case, user=world.users["outsider"]).exists()
    assert audited("case.support", case)
    refused(outsider, path, None, 409, id=case.pk)  # once
    done = closed(world)
    refused(outsider, path, None, 409, id=done.pk)


def test_it_starts_work_on_a_dispatched_case(world: Any, login: Any) -> None:
    case = dispatched(world)
    path = "/{id}/start"
    refused(login(world.users["outsider"]), path, None, 404, id=case.pk)
    refused(login(world.users["resident"]), path, None, 403, id=case.pk)
    client = login(world.users["grid_worker"])
    refused(client, path, None, 404, id=999_999)
    r = call(client, path, id=case.pk)
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    assert r.json()["transitions"][-1]["action"] == "start"
    assert audited("case.start", case)
    refused(client, path, None, 409, id=case.pk)


def test_it_escalates_to_the_level_above(world: Any, login: Any) -> None:
    case = dispatched(world)
    path = "/{id}/escalate"
    refused(login(world.users["outsider"]), path, {"reason": "x"}, 404, id=case.pk)
    refused(login(world.users["resident"]), path, {"reason": "x"}, 403, id=case.pk)
    client = login(world.users["grid_worker"])
    refused(client, path, {"reason": ""}, 422, id=case.pk)
    refused(client, path, {}, 422, id=case.pk)
    r = call(client, path, {"reason": "需要执法部门"}, id=case.pk)
    got = r.json()
    assert r.status_code == 200 and got["status"] == "accepted" and got["level"] == 1
    assert got["handler"] is None
    step = got["transitions"][-1]
    assert (step["action"], step["from_level"], step["to_level"]) == ("escalate", 0, 1)
    assert audited("case.escalate", case)
    handled = dispatched(world)
    A.do_handle_case(handled, actor=world.users["grid_worker"], note="好了")
    refused(client, path, {"reason": "x"}, 409, id=handled.pk)
    top = dispatched(world)
    Case.objects.filter(pk=top.pk).update(level=3)
    refused(login(world.users["admin"]), path, {"reason": "x"}, 409, id=top.pk)  # at the top


def test_it_requests_an_extension_from_the_level_above(world: Any, login: Any) -> None:
    case = dispatched(world)
    path = "/{id}/extension"
    refused(login(world.users["outsider"]), path, {"days": 3, "reason": "x"}, 404, id=case.pk)
    refused(login(world.users["resident"]), path, {"days": 3, "reason": "x"}, 403, id=case.pk)
    client = login(world.users["grid_worker"])
    for bad in ({"days": 99, "reason": "x"}, {"days": "3", "reason": "x"}, {"days": 3}):
        refused(client, path, bad, 422, id=case.pk)
    refused(client, path, {"days": 3, "reason": " "}, 400, id=case.pk)
    r = call(client, path, {"days": 3, "reason": "等配件"}, id=case.pk)
    assert r.status_code == 201
    got = r.json()
    assert (got["kind"], got["status"], got["days"], got["approver_level"]) == (
        "extension",
        "pending",
        3,
        1,
    )
    assert CaseRequest.objects.filter(pk=got["id"], case=case).exists()
    case.refresh_from_db()
    assert case.status == "dispatched" and last_step(case).action == "request_extension"
    assert audited("case.request_extension", case)
    refused(client, path, {"days": 2, "reason": "again"}, 409, id=case.pk)  # one waits
    waiting = accepted(world)
    refused(
        login(world.users["community_staff"]), path, {"days": 2, "reason": "x"}, 409, id=waiting.pk
    )


def test_it_requests_a_suspension_from_the_level_above(world: Any, login: Any) -> None:
    case = dispatched(world)
    path = "/{id}/suspension"
    refused(login(world.users["outsider"]), path, {"reason": "x"}, 404, id=case.pk)
    client = login(world.users["grid_worker"])
    refused(client, path, {"reason": ""}, 422, id=case.pk)
    r = call(client, path, {"reason": "等待拆迁"}, id=case.pk)
    assert r.status_code == 201 and r.json()["kind"] == "suspension"
    assert r.json()["status"] == "pending" and r.json()["approver_level"] == 1
    case.refresh_from_db()
    assert case.status == "dispatched" and last_step(case).action == "request_suspension"
    assert audited("case.request_suspension", case)
    waiting = accepted(world)
    refused(login(world.users["community_staff"]), path, {"reason": "x"}, 409, id=waiting.pk)


def test_it_approves_an_extension_at_the_level_above(world: Any, login: Any) -> None:
    case = dispatched(world)
    due = case.handle_due
    req = A.do_request_extension(case, days=3, reason="等配件", actor=world.users["grid_worker"])
    path = "/requests/{id}/decide"
    refused(login(world.users["outsider"]), path, {"approve": True}, 404, id=req.pk)
    refused(login(world.users["grid_worker"]), path, {"approve": True}, 403, id=req.pk)
    client = login(world.users["community_staff"])
    refused(client, path, {"approve": "yes"}, 422, id=req.pk)
    refused(client, path, {"approve": True}, 404, id=999_999)
    r = call(client, path, {"approve": True, "note": "同意"}, id=req.pk)
    assert r.status_code == 200
    assert r.json()["status"] == "approved" and r.json()["decided_at"]
    case.refresh_from_db()
    assert (
        case.status == "dispatched"
        and case.extended
        and due
        and case.handle_due
        and case.handle_due > due
    )
    assert last_step(case).action == "extend"
    assert audited("case.extend", case)
    refused(client, path, {"approve": False}, 409, id=req.pk)


def test_it_denies_a_suspension_at_the_level_above(world: Any, login: Any) -> None:
    case = dispatched(world)
    req = A.do_request_suspension(case, reason="等待拆迁", actor=world.users["grid_worker"])
    path = "/requests/{id}/decide"
    client = login(world.users["community_staff"])
    r = call(client, path, {"approve": False, "note": "继续办"}, id=req.pk)
    assert r.status_code == 200 and r.json()["status"] == "denied"
    case.refresh_from_db()
    assert case.status == "dispatched" and last_step(case).action == "deny"
    assert audited("case.deny_request", case)
    refused(client, path, {"approve": True}, 409, id=req.pk)


def test_it_lists_the_requests_waiting_for_the_callers_decision(
    world: Any, login: Any, client: Any
) -> None:
    case = dispatched(world)
    req = A.do_request_extension(case, days=2, reason="等配件", actor=world.users["grid_worker"])
    assert call(client, "/requests", method="get").status_code == 401
    for who in ("outsider", "grid_worker", "resident"):
        r = call(login(world.users[who]), "/requests", method="get")
        assert r.status_code == 200 and r.json() == [], who
    r = call(login(world.users["community_staff"]), "/requests", method="get")
    assert [(q["id"], q["case_id"], q["status"]) for q in r.json()] == [
        (req.pk, case.pk, "pending")
    ]


def test_it_resumes_a_suspended_case(world: Any, login: Any) -> None:
    case = dispatched(world)
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    req = A.do_request_suspension(case, reason="等待拆迁", actor=worker)
    A.do_decide_request(req, approve=True, actor=staff)
    path = "/{id}/resume"
    refused(login(world.users["outsider"]), path, {}, 404, id=case.pk)
    refused(login(world.users["resident"]), path, {}, 403, id=case.pk)
    client = login(worker)
    refused(client, path, {"note": "x" * 2001}, 422, id=case.pk)
    r = call(client, path, {"note": "拆迁完成"}, id=case.pk)
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    assert r.json()["transitions"][-1]["action"] == "resume"
    assert audited("case.resume", case)
    refused(client, path, {}, 409, id=case.pk)


def test_it_hands_ownership_over(world: Any, login: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = accepted(world)
    path = "/{id}/hand-over"
    data = {"to": worker.pk, "reason": "调岗"}
    refused(login(world.users["outsider"]), path, data, 404, id=case.pk)
    refused(login(worker), path, data, 403, id=case.pk)  # not the owner
    client = login(staff)
    refused(client, path, {"to": worker.pk, "reason": ""}, 422, id=case.pk)
    refused(client, path, {"to": "me", "reason": "x"}, 422, id=case.pk)
    refused(client, path, {"to": 999_999, "reason": "x"}, 400, id=case.pk)
    refused(client, path, {"to": world.users["outsider"].pk, "reason": "x"}, 400, id=case.pk)
    r = call(client, path, data, id=case.pk)
    assert r.status_code == 200 and r.json()["owner"] == worker.name
    assert r.json()["status"] == "accepted"
    assert r.json()["transitions"][-1]["action"] == "hand_over"
    assert audited("case.hand_over", case)
    done = closed(world)
    refused(client, path, data, 409, id=done.pk)


def test_it_revisits_a_closed_case(world: Any, login: Any) -> None:
    case = closed(world)
    path = "/{id}/revisit"
    data = {"satisfied": True, "note": "居民满意"}
    refused(login(world.users["outsider"]), path, data, 404, id=case.pk)
    refused(login(world.users["grid_worker"]), path, data, 403, id=case.pk)  # the handler
    refused(login(world.users["community_staff"]), path, data, 403, id=case.pk)  # verified it
    client = login(world.user("grid_worker", world.east_grid, "13700000050", "东网格员二"))
    refused(client, path, {"note": "x"}, 422, id=case.pk)
    refused(client, path, {"satisfied": True, "note": ""}, 422, id=case.pk)
    r = call(client, path, data, id=case.pk)
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert r.json()["transitions"][-1]["action"] == "revisit"
    assert audited("case.revisit", case)
    r = call(client, path, {"satisfied": False, "note": "没修好"}, id=case.pk)
    assert r.json()["status"] == "accepted"
    assert [t["action"] for t in r.json()["transitions"]][-2:] == ["revisit", "reopen"]
    refused(client, path, data, 409, id=case.pk)


def test_it_rates_a_closed_case_once(world: Any, login: Any) -> None:
    """Refusals of the case's state (not closed yet, rated already) are conflicts."""
    path = "/{id}/rate"
    resident = login(world.users["resident"])
    running = dispatched(world)
    r = refused(resident, path, {"score": 5}, 409, id=running.pk)
    assert r.json()["detail"] == "只有已结案的案件才能评价。"
    case = closed(world)
    refused(login(world.users["outsider"]), path, {"score": 5}, 404, id=case.pk)
    refused(login(world.users["community_staff"]), path, {"score": 5}, 403, id=case.pk)
    resident = login(world.users["resident"])
    for bad in ({"score": 6}, {"score": True}, {"score": "5"}, {}):
        refused(resident, path, bad, 422, id=case.pk)
    r = call(resident, path, {"score": 4, "comment": "及时"}, id=case.pk)
    assert r.status_code == 200 and r.json() == {"case_id": case.pk, "score": 4, "status": "closed"}
    assert audited("case.rate", case)
    r = refused(resident, path, {"score": 5}, 409, id=case.pk)
    assert r.json()["detail"] == "您已经评价过此案件。"
    assert list(Rating.objects.values_list("case_id", "score")) == [(case.pk, 4)]


def test_it_dispatches_in_bulk_all_or_nothing(world: Any, login: Any) -> None:
    worker = world.users["grid_worker"]
    first, second = accepted(world), accepted(world)
    path = "/dispatch"
    data = {"cases": [first.pk, second.pk], "to": worker.pk}
    r = refused(login(world.users["outsider"]), path, data, 404)
    assert first.number not in r.json()["detail"]  # nothing leaks
    client = login(world.users["community_staff"])
    refused(client, path, {"cases": [], "to": worker.pk}, 422)
    refused(client, path, {"cases": [first.pk], "to": 999_999}, 400)
    refused(client, path, {"cases": [first.pk], "to": world.users["outsider"].pk}, 400)
    fresh = report(world)
    refused(client, path, {"cases": [first.pk, fresh.pk], "to": worker.pk}, 409)
    r = call(client, path, {**data, "note": "今天办"})
    assert r.status_code == 200
    assert [(c["id"], c["status"], c["handler"]) for c in r.json()] == [
        (first.pk, "dispatched", worker.name),
        (second.pk, "dispatched", worker.name),
    ]
    for case in (first, second):
        assert last_step(case).action == "dispatch" and audited("case.dispatch", case)


def test_it_offers_nearby_open_duplicates(world: Any, login: Any, client: Any) -> None:
    case = report(world)
    far = report(world, at=(EAST[0] + 0.005, EAST[1]))
    query = {"category": "S0101", "lon": EAST[0], "lat": EAST[1]}
    assert call(client, "/duplicates", query, method="get").status_code == 401
    # Offered to anyone signed in on intake, without reporter details.
    outsider = login(world.users["outsider"])
    r = call(outsider, "/duplicates", query, method="get")
    assert r.status_code == 200
    assert [d["id"] for d in r.json()] == [case.pk] and far.pk != case.pk
    assert r.json()[0]["distance"] == 0 and "reporter" not in r.json()[0]
    for bad, code in (
        ({**query, "category": "NOPE"}, 400),
        ({**query, "lon": 500}, 400),
        ({"category": "S0101", "lat": EAST[1]}, 422),
        ({**query, "lat": "north"}, 422),
    ):
        assert call(outsider, "/duplicates", bad, method="get").status_code == code, bad


def test_it_lists_active_categories(world: Any, login: Any, client: Any) -> None:
    assert call(client, "/categories", method="get").status_code == 401
    r = call(login(world.users["outsider"]), "/categories", method="get")
    assert r.status_code == 200
    by_code = {c["code"]: c for c in r.json()}
    assert by_code["S0101"]["parent_code"] and by_code["Z0101"]["is_dispute"]


def _dispute(world: Any) -> tuple[Case, Dispute]:
    case = dispatched(world, code="Z0101")
    parties = [{"name": "甲"}, {"name": "乙"}]
    worker = world.users["grid_worker"]
    return case, A.do_open_dispute(case, dispute_type="neighbours", parties=parties, actor=worker)


def test_it_records_a_dispute_with_its_parties(world: Any, login: Any) -> None:
    case = dispatched(world, code="Z0101")
    path = "/{id}/dispute"
    data = {
        "dispute_type": "neighbours",
        "parties": [{"name": "甲", "role": "楼上"}, {"name": "乙"}],
    }
    refused(login(world.users["outsider"]), path, data, 404, id=case.pk)
    refused(login(world.users["resident"]), path, data, 403, id=case.pk)
    client = login(world.users["grid_worker"])
    refused(client, path, {**data, "parties": [{"name": "甲"}]}, 422, id=case.pk)
    refused(client, path, {**data, "parties": [{"name": "甲"}, {"name": ""}]}, 422, id=case.pk)
    refused(client, path, {**data, "dispute_type": "feud"}, 400, id=case.pk)
    r = call(client, path, data, id=case.pk)
    assert r.status_code == 201
    got = r.json()
    assert got["case_id"] == case.pk and got["mediation_level"] == 0
    assert [p["name"] for p in got["parties"]] == ["甲", "乙"] and got["sessions"] == []
    assert audited("dispute.open", Dispute.objects.get(case=case))
    refused(client, path, data, 409, id=case.pk)  # already recorded
    done = closed(world)
    refused(login(world.users["community_staff"]), path, data, 409, id=done.pk)


def test_it_records_mediation_sessions(world: Any, login: Any) -> None:
    case, dispute = _dispute(world)
    path = "/{id}/dispute/mediations"
    today = dt.date.today().isoformat()
    data = {"date": today, "mediators": "张调解", "outcome": "failed"}
    refused(login(world.users["outsider"]), path, data, 404, id=case.pk)
    refused(login(world.users["resident"]), path, data, 403, id=case.pk)
    client = login(world.users["grid_worker"])
    refused(client, path, data, 404, id=dispatched(world).pk)  # no dispute record
    refused(client, path, {**data, "outcome": "won"}, 400, id=case.pk)
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    refused(client, path, {**data, "date": future}, 400, id=case.pk)
    refused(client, path, {**data, "date": "soon"}, 422, id=case.pk)
    refused(client, path, {**data, "mediators": ""}, 422, id=case.pk)
    r = call(client, path, {**data, "notes": "各执一词"}, id=case.pk)
    assert r.status_code == 200
    [session] = r.json()["sessions"]
    assert session["mediators"] == "张调解" and session["outcome"] == "failed"
    assert audited("dispute.mediation", dispute)


def test_it_records_the_agreement_once(world: Any, login: Any) -> None:
    case, dispute = _dispute(world)
    path = "/{id}/dispute/agreement"
    data = {"text": "双方同意各退一步"}
    refused(login(world.users["outsider"]), path, data, 404, id=case.pk)
    client = login(world.users["grid_worker"])
    refused(client, path, {"text": ""}, 422, id=case.pk)
    refused(client, path, {"text": "   "}, 400, id=case.pk)
    r = call(client, path, data, id=case.pk)
    assert r.status_code == 200
    assert r.json()["agreement"] == data["text"] and r.json()["agreed_at"]
    assert audited("dispute.agreement", dispute)
    refused(client, path, {"text": "改了"}, 409, id=case.pk)


def test_it_climbs_the_mediation_ladder(world: Any, login: Any) -> None:
    case, dispute = _dispute(world)
    path = "/{id}/dispute/escalate"
    refused(login(world.users["outsider"]), path, {"reason": "x"}, 404, id=case.pk)
    refused(login(world.users["resident"]), path, {"reason": "x"}, 403, id=case.pk)
    client = login(world.users["grid_worker"])
    refused(client, path, {"reason": ""}, 422, id=case.pk)
    r = call(client, path, {"reason": "调解不成"}, id=case.pk)
    assert r.status_code == 200 and r.json()["mediation_level"] == 1
    assert last_step(case).action == "escalate_mediation"
    assert audited("dispute.escalate", dispute)
    Dispute.objects.filter(pk=dispute.pk).update(mediation_level=3)
    refused(client, path, {"reason": "再上"}, 409, id=case.pk)  # referred to court: a conflict
