"""Disputes 矛盾纠纷 through the detail page and the API: parties, mediation sessions, the
agreement and the mediation ladder up to a court referral, with their refusals."""

import datetime as dt
from typing import Any

from cases import actions as A
from cases.models import Case, Dispute, MediationSession
from cases.tests.helpers import jpeg, report
from core.models import AuditEntry, Notification

PARTIES = [{"name": "张三", "phone": "13900000001"}, {"name": "李四"}]


def dispute_case(world: Any) -> Case:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world, code="Z0101", description="楼上漏水邻里争执")
    A.do_accept_case(case, actor=staff)
    return A.do_dispatch_case(case, to=worker, actor=staff)


def api(case: Case, tail: str = "") -> str:
    return f"/api/v1/cases/{case.pk}/dispute{tail}"


def post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def opened(world: Any, case: Case) -> Dispute:
    return A.do_open_dispute(
        case, dispute_type="neighbours", parties=PARTIES, actor=world.users["grid_worker"]
    )


def test_it_opens_a_dispute_through_the_api_once_with_its_parties(world: Any, login: Any) -> None:
    case = dispute_case(world)
    client = login(world.users["grid_worker"])
    one = post(client, api(case), {"dispute_type": "neighbours", "parties": PARTIES[:1]})
    assert one.status_code == 422
    bad = post(client, api(case), {"dispute_type": "feud", "parties": PARTIES})
    assert bad.status_code == 400 and bad.json()["field"] == "dispute_type"
    assert not Dispute.objects.exists()
    made = post(client, api(case), {"dispute_type": "neighbours", "parties": PARTIES})
    assert made.status_code == 201, made.content
    got = made.json()
    assert [p["name"] for p in got["parties"]] == ["张三", "李四"]
    assert got["mediation_level"] == 0 and got["sessions"] == []
    again = post(client, api(case), {"dispute_type": "family", "parties": PARTIES})
    assert again.status_code == 409
    assert Dispute.objects.get().dispute_type == "neighbours"
    assert AuditEntry.objects.filter(action="dispute.open").count() == 1


def test_only_the_handlers_may_touch_a_dispute_through_the_api(world: Any, login: Any) -> None:
    case = dispute_case(world)
    body = {"dispute_type": "neighbours", "parties": PARTIES}
    assert post(login(world.users["outsider"]), api(case), body).status_code == 404
    assert post(login(world.users["resident"]), api(case), body).status_code == 403
    opened(world, case)
    session = {"date": dt.date.today().isoformat(), "mediators": "王", "outcome": "failed"}
    assert (
        post(login(world.users["outsider"]), api(case, "/mediations"), session).status_code == 404
    )
    assert (
        post(login(world.users["resident"]), api(case, "/escalate"), {"reason": "x"}).status_code
        == 403
    )
    assert not MediationSession.objects.exists()
    assert Dispute.objects.get().mediation_level == 0


def test_it_records_sessions_and_one_agreement_through_the_api(world: Any, login: Any) -> None:
    case = dispute_case(world)
    client = login(world.users["grid_worker"])
    today = dt.date.today()
    session = {"date": today.isoformat(), "mediators": "网格调解员", "outcome": "failed"}
    assert post(client, api(case, "/mediations"), session).status_code == 404  # no dispute yet
    opened(world, case)
    future = dict(session, date=(today + dt.timedelta(days=5)).isoformat())
    assert post(client, api(case, "/mediations"), future).status_code == 400
    assert post(client, api(case, "/mediations"), dict(session, outcome="won")).status_code == 400
    assert post(client, api(case, "/mediations"), dict(session, mediators="")).status_code == 422
    assert not MediationSession.objects.exists()
    done = post(client, api(case, "/mediations"), dict(session, notes="双方各执一词"))
    assert done.status_code == 200, done.content
    assert done.json()["sessions"] == [
        {
            "date": today.isoformat(),
            "level": 0,
            "mediators": "网格调解员",
            "outcome": "failed",
            "notes": "双方各执一词",
        }
    ]
    assert post(client, api(case, "/agreement"), {"text": ""}).status_code == 422
    agreed = post(client, api(case, "/agreement"), {"text": "楼上修好水管并赔偿"})
    assert agreed.status_code == 200 and agreed.json()["agreed_at"]
    twice = post(client, api(case, "/agreement"), {"text": "另一份"})
    assert twice.status_code == 409
    assert Dispute.objects.get().agreement == "楼上修好水管并赔偿"


def test_it_climbs_the_ladder_to_a_court_referral_and_stops(world: Any, login: Any) -> None:
    case = dispute_case(world)
    opened(world, case)
    client = login(world.users["grid_worker"])
    community, subdistrict = world.users["community_staff"], world.users["subdistrict_staff"]
    assert post(client, api(case, "/escalate"), {"reason": ""}).status_code == 422
    first = post(client, api(case, "/escalate"), {"reason": "网格调解不成"})
    assert first.status_code == 200 and first.json()["mediation_level"] == 1
    assert Notification.objects.filter(user=community, title="有纠纷上报给您调解").exists()
    assert (
        post(client, api(case, "/escalate"), {"reason": "社区调解不成"}).json()["mediation_level"]
        == 2
    )
    assert Notification.objects.filter(user=subdistrict, title="有纠纷上报给您调解").exists()
    court = post(client, api(case, "/escalate"), {"reason": "调解无果，引导诉前调解"})
    assert court.status_code == 200 and court.json()["mediation_level"] == 3
    assert Notification.objects.filter(user=subdistrict, title__contains="诉源治理").exists()
    beyond = post(client, api(case, "/escalate"), {"reason": "再上报"})
    assert beyond.status_code == 409
    assert Dispute.objects.get().mediation_level == 3
    actions = [t.action for t in case.transitions.all()]
    assert actions[-3:] == ["escalate_mediation", "escalate_mediation", "refer_to_court"]
    assert case.transitions.filter(action="refer_to_court").get().note == "调解无果，引导诉前调解"
    assert AuditEntry.objects.filter(action="dispute.escalate").count() == 2
    assert AuditEntry.objects.filter(action="dispute.refer_to_court").count() == 1
    # The case stays open with its handler; a court-level session can still be recorded.
    case.refresh_from_db()
    assert case.status == "dispatched" and case.handler == world.users["grid_worker"]
    session = {"date": dt.date.today().isoformat(), "mediators": "人民法庭", "outcome": "agreed"}
    assert post(client, api(case, "/mediations"), session).json()["sessions"][-1]["level"] == 3


def test_it_refuses_to_escalate_the_mediation_of_a_closed_case(world: Any, login: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispute_case(world)
    opened(world, case)
    A.do_handle_case(case, actor=worker, note="已调解", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=staff)
    A.do_close_case(case, actor=staff)
    answer = post(login(worker), api(case, "/escalate"), {"reason": "当事人反悔"})
    assert answer.status_code == 409
    assert Dispute.objects.get().mediation_level == 0
    assert not case.transitions.filter(action="escalate_mediation").exists()


def test_sessions_and_the_agreement_are_refused_once_the_case_has_ended(
    world: Any, login: Any
) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = dispute_case(world)
    opened(world, case)
    A.do_handle_case(case, actor=worker, note="已调解", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=staff)
    A.do_close_case(case, actor=staff)
    client = login(worker)
    today = dt.date.today().isoformat()
    session = {"date": today, "mediators": "张调解", "outcome": "failed"}
    assert post(client, api(case, "/mediations"), session).status_code == 409
    assert post(client, api(case, "/agreement"), {"text": "双方和解"}).status_code == 409
    assert not MediationSession.objects.exists()
    assert Dispute.objects.get().agreed_at is None


def test_only_a_case_of_a_dispute_category_gets_a_dispute_record(world: Any, login: Any) -> None:
    """Dispute privacy (never a duplicate offer, no "me too") follows the category, so a
    dispute record on a plain case would escape it."""
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world, code="S0101", description="楼下垃圾")
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    answer = post(login(worker), api(case), {"dispute_type": "neighbours", "parties": PARTIES})
    assert answer.status_code == 400 and answer.json()["field"] == "category"
    assert not Dispute.objects.exists()


def test_it_runs_a_dispute_from_the_detail_page(world: Any, login: Any) -> None:
    case = dispute_case(world)
    client = login(world.users["grid_worker"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/dispute/" in page
    one = client.post(
        f"/cases/{case.pk}/dispute/",
        {"dispute_type": "neighbours", "party_name": ["张三", ""], "party_phone": ["", ""]},
        follow=True,
    )
    assert "至少" in one.content.decode() and not Dispute.objects.exists()
    client.post(
        f"/cases/{case.pk}/dispute/",
        {"dispute_type": "neighbours", "party_name": ["张三", "李四"], "party_phone": ["", ""]},
    )
    assert Dispute.objects.get().parties[1]["name"] == "李四"
    today = dt.date.today().isoformat()
    client.post(
        f"/cases/{case.pk}/mediation/",
        {"date": "not-a-date", "mediators": "王", "outcome": "failed"},
    )
    assert not MediationSession.objects.exists()
    client.post(
        f"/cases/{case.pk}/mediation/", {"date": today, "mediators": "王调解", "outcome": "failed"}
    )
    refused = client.post(f"/cases/{case.pk}/mediation_escalate/", {"reason": ""}, follow=True)
    assert "原因" in refused.content.decode()
    for reason in ("网格不成", "社区不成", "街道不成"):
        client.post(f"/cases/{case.pk}/mediation_escalate/", {"reason": reason})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "王调解" in page and "诉源治理" in page
    assert f"/cases/{case.pk}/mediation_escalate/" not in page
    client.post(f"/cases/{case.pk}/agreement/", {"text": "经法庭诉前调解达成协议"})
    d = Dispute.objects.get()
    assert d.mediation_level == 3 and d.agreement == "经法庭诉前调解达成协议"
    assert "经法庭诉前调解达成协议" in client.get(f"/cases/{case.pk}/").content.decode()


def _steps(case: Case) -> list[tuple[str, Any, str]]:
    return [(t.action, t.actor, t.note) for t in case.transitions.order_by("at", "pk")]


def test_each_step_of_a_dispute_is_on_the_case_timeline_and_audited(world: Any, login: Any) -> None:
    worker = world.users["grid_worker"]
    case = dispute_case(world)
    client = login(worker)
    today = dt.date.today()
    post(client, api(case), {"dispute_type": "neighbours", "parties": PARTIES})
    session = {"date": today.isoformat(), "mediators": "王调解", "outcome": "failed"}
    post(client, api(case, "/mediations"), dict(session, notes="张三说李四家漏水"))
    post(client, api(case, "/escalate"), {"reason": "网格调解不成"})
    post(client, api(case, "/agreement"), {"text": "李四赔偿张三两千元"})
    assert _steps(case)[-4:] == [
        ("open_dispute", worker, "邻里纠纷"),
        ("mediation", worker, f"{today.isoformat()} · 调解不成"),
        ("escalate_mediation", worker, "网格调解不成"),
        ("agreement", worker, ""),
    ]
    dispute = Dispute.objects.get()
    for action in ("dispute.open", "dispute.mediation", "dispute.escalate", "dispute.agreement"):
        entry = AuditEntry.objects.get(action=action)
        assert (entry.object_id, entry.area_code) == (str(dispute.pk), case.area_code), action
        assert entry.actor == worker and entry.changes["case"] == case.pk
    # ... so the community's staff find them in their audit log, as the case's other steps.
    log = login(world.users["community_staff"]).get("/areas/audit/").content.decode()
    assert "登记为矛盾纠纷" in log and "登记调解协议" in log
    client = login(worker)
    # The API timeline and the case page show who did what, in the order done.
    got = client.get(f"/api/v1/cases/{case.pk}").json()["transitions"][-4:]
    assert [(t["action"], t["actor"]) for t in got] == [
        ("open_dispute", "东网格员"),
        ("mediation", "东网格员"),
        ("escalate_mediation", "东网格员"),
        ("agreement", "东网格员"),
    ]
    assert [t["label"] for t in got] == [
        "登记为矛盾纠纷",
        "登记调解记录",
        "提级调解",
        "登记调解协议",
    ]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    for label in ("登记为矛盾纠纷", "登记调解记录", "登记调解协议"):
        assert label in timeline, label


def test_the_timeline_of_a_dispute_keeps_its_private_details_off(world: Any, login: Any) -> None:
    """The parties, their phones, the mediation notes and the agreement stay on the dispute
    record; the timeline (which every follower of the case reads) says only who did what."""
    case = dispute_case(world)
    client = login(world.users["grid_worker"])
    post(client, api(case), {"dispute_type": "neighbours", "parties": PARTIES})
    session = {"date": dt.date.today().isoformat(), "mediators": "王调解", "outcome": "agreed"}
    post(client, api(case, "/mediations"), dict(session, notes="张三说李四家漏水"))
    post(client, api(case, "/agreement"), {"text": "李四赔偿张三两千元"})
    notes = " ".join(t.note for t in case.transitions.all())
    got = str(client.get(f"/api/v1/cases/{case.pk}").json()["transitions"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    for private in ("张三", "李四", "13900000001", "漏水", "两千", "王调解"):
        assert private not in notes and private not in got and private not in timeline, private
    # Whoever may not see the case learns nothing of it, timeline included.
    outsider = login(world.users["outsider"])
    assert outsider.get(f"/cases/{case.pk}/").status_code == 404
    r = outsider.get(f"/api/v1/cases/{case.pk}")
    assert r.status_code == 404 and "调解" not in r.content.decode()


def test_the_timeline_of_an_anonymous_dispute_never_names_its_reporter(
    world: Any, login: Any
) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world, code="Z0101", description="楼道纠纷", anonymous=True)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    opened(world, case)
    A.do_record_mediation(
        Dispute.objects.get(), date=dt.date.today(), mediators="王", outcome="failed", actor=worker
    )
    A.do_record_agreement(Dispute.objects.get(), text="和解", actor=worker)
    for reader in (staff, worker):
        client = login(reader)
        got = client.get(f"/api/v1/cases/{case.pk}").json()["transitions"]
        who = {t["action"]: t["actor"] for t in got}
        assert who["report"] == "匿名"
        assert who["open_dispute"] == who["mediation"] == who["agreement"] == "东网格员"
        assert "东居民" not in str(got)
        page = client.get(f"/cases/{case.pk}/").content.decode()
        assert "东居民" not in page and "登记调解协议" in page
