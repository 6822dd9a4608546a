"""The parties' phones of a dispute are masked for everyone who may open the case, on the page
and in the API; a role with `reveal_personal` on the case's area sees them in full through an
explicit reveal, each view audited; anyone else asking is refused and nothing is recorded."""

from typing import Any

from cases import actions as A
from cases.models import Case
from cases.tests.helpers import report
from cases.tests.test_api_actions import call, refused
from cases.tests.test_disputes import PARTIES, api, dispute_case, opened
from core.models import AuditEntry

FULL, MASKED = "13900000001", "139****0001"


def _reveals() -> list[Any]:
    return list(AuditEntry.objects.filter(action="dispute.reveal_personal"))


def _parties(page: str) -> str:
    return page.split('id="parties"')[1].split("</dd>")[0]


def test_the_api_masks_the_parties_phones_for_everyone(world: Any, login: Any) -> None:
    case = dispute_case(world)
    worker = login(world.users["grid_worker"])
    made = worker.post(
        api(case),
        {"dispute_type": "neighbours", "parties": PARTIES},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["parties"][0]["phone"] == MASKED
    assert made.json()["phones_in_full"] is False
    for who in ("resident", "grid_worker", "community_staff", "admin"):
        r = login(world.users[who]).get(f"/api/v1/cases/{case.pk}")
        assert r.status_code == 200, who
        parties = r.json()["dispute"]["parties"]
        assert [(p["name"], p["phone"]) for p in parties] == [("张三", MASKED), ("李四", "")]
        assert FULL not in r.content.decode(), who
    assert not _reveals()


def test_the_case_page_shows_masked_phones_beside_the_names(world: Any, login: Any) -> None:
    case = dispute_case(world)
    opened(world, case)
    reporter = login(world.users["resident"]).get(f"/cases/{case.pk}/").content.decode()
    assert "张三" in _parties(reporter) and MASKED in _parties(reporter) and FULL not in reporter
    assert f"/cases/{case.pk}/reveal/" not in reporter  # the reporter's role may not reveal
    staff = login(world.users["community_staff"]).get(f"/cases/{case.pk}/").content.decode()
    assert MASKED in _parties(staff) and FULL not in staff
    assert f'hx-post="/cases/{case.pk}/reveal/"' in staff and "查看完整号码（留痕）" in staff
    assert not _reveals()


def test_the_api_reveals_the_phones_to_a_role_that_may_and_audits_each_view(
    world: Any, login: Any
) -> None:
    case = dispute_case(world)
    opened(world, case)
    path = "/{id}/dispute/reveal"
    for who in ("grid_worker", "community_staff"):
        r = call(login(world.users[who]), path, id=case.pk)
        assert r.status_code == 200, r.content
        assert r.json()["parties"][0]["phone"] == FULL and r.json()["phones_in_full"] is True
    call(login(world.users["grid_worker"]), path, id=case.pk)
    entries = _reveals()
    assert [e.actor for e in entries] == [
        world.users["grid_worker"],
        world.users["community_staff"],
        world.users["grid_worker"],
    ]
    for e in entries:
        assert e.changes == {"case": case.pk, "revealed": "phone"}
        assert e.area_code == case.area_code and e.object_type == "cases.dispute"
    # The community's audit log names it, and what was shown in full.
    log = login(world.users["community_staff"]).get("/areas/audit/").content.decode()
    assert "纠纷当事人电话已完整显示" in log and "当事人电话" in log


def test_the_api_refuses_the_reveal_to_others_and_records_nothing(world: Any, login: Any) -> None:
    case = dispute_case(world)
    opened(world, case)
    path = "/{id}/dispute/reveal"
    r = refused(login(world.users["resident"]), path, {}, 403, id=case.pk)  # the reporter
    assert (
        FULL not in r.content.decode()
        and r.json()["detail"] == "您的角色无权查看当事人的完整电话号码。"
    )
    refused(login(world.users["outsider"]), path, {}, 404, id=case.pk)
    refused(login(world.users["community_staff"]), path, {}, 404, id=999_999)
    plain = report(world, code="Z0101", description="另一起纠纷")  # no dispute record yet
    refused(login(world.users["community_staff"]), path, {}, 404, id=plain.pk)
    assert not _reveals()


def test_the_page_reveals_the_phones_on_request_and_audits_it(world: Any, login: Any) -> None:
    case = dispute_case(world)
    opened(world, case)
    client = login(world.users["community_staff"])
    partial = client.post(f"/cases/{case.pk}/reveal/", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    html = partial.content.decode()
    assert html.lstrip().startswith('<dd id="parties">') and FULL in html
    assert "已记入审计日志" in html and "<html" not in html
    page = client.post(f"/cases/{case.pk}/reveal/").content.decode()
    assert FULL in _parties(page) and "楼上漏水邻里争执" in page
    assert len(_reveals()) == 2 and _reveals()[0].changes["case"] == case.pk
    # A plain look at the page afterwards is masked again.
    assert FULL not in client.get(f"/cases/{case.pk}/").content.decode()
    assert client.get(f"/cases/{case.pk}/reveal/").status_code == 405


def test_the_page_refuses_the_reveal_to_others_and_records_nothing(world: Any, login: Any) -> None:
    case: Case = dispute_case(world)
    opened(world, case)
    for who in ("resident", "outsider"):
        r = login(world.users[who]).post(f"/cases/{case.pk}/reveal/")
        assert r.status_code == 404 and FULL not in r.content.decode(), who
    plain = report(world, code="Z0101", description="另一起纠纷")
    assert (
        login(world.users["community_staff"]).post(f"/cases/{plain.pk}/reveal/").status_code == 404
    )
    assert not _reveals()


def test_the_action_refuses_a_role_without_reveal_personal(world: Any) -> None:
    import pytest

    from core.refusal import Forbidden, NotFound

    case = dispute_case(world)
    opened(world, case)
    with pytest.raises(Forbidden):
        A.do_reveal_parties(case, actor=world.users["resident"])
    with pytest.raises(NotFound):
        A.do_reveal_parties(case.pk, actor=world.users["outsider"])
    assert A.do_reveal_parties(case.pk, actor=world.users["admin"]).parties[0]["phone"] == FULL
    assert len(_reveals()) == 1
