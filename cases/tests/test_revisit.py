"""回访: a closed case is re-verified by a second worker of its area, who neither handled it
nor verified it; the refusal is translated and changes nothing (action, page and API)."""

from typing import Any

import pytest

from accounts.roles import Role
from cases import actions as A
from cases.models import Case
from cases.tests.helpers import jpeg, report
from cases.workflow import Status
from core.models import AuditEntry
from core.refusal import Forbidden

REFUSAL = "回访须由第二名工作人员进行：不能是处置人，也不能是核查人。"


def _second(world: Any) -> Any:
    return world.user(Role.GRID_WORKER, world.east_grid, "13700000050", "东网格员二")


def _closed(world: Any, *, verifier: Any = None) -> Case:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    A.do_handle_case(case, actor=worker, note="已清理", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=verifier or staff)
    return A.do_close_case(case, actor=staff)


def _unchanged(case: Case) -> bool:
    case.refresh_from_db()
    return (
        case.status == Status.CLOSED
        and not case.transitions.filter(action="revisit").exists()
        and not AuditEntry.objects.filter(action="case.revisit").exists()
    )


def test_it_refuses_the_handler_and_the_verifier(world: Any) -> None:
    case = _closed(world)
    for who in ("grid_worker", "community_staff"):
        with pytest.raises(Forbidden) as refused:
            A.do_revisit_case(case, satisfied=True, note="满意", actor=world.users[who])
        assert refused.value.message == REFUSAL
    assert _unchanged(case)


def test_a_grid_peer_who_verified_the_case_may_not_revisit_it(world: Any) -> None:
    second = _second(world)
    case = _closed(world, verifier=second)
    with pytest.raises(Forbidden):
        A.do_revisit_case(case, satisfied=True, note="满意", actor=second)
    assert _unchanged(case)
    # The desk staff who only closed it may: they neither handled nor verified it.
    A.do_revisit_case(case, satisfied=True, note="居民满意", actor=world.users["community_staff"])
    assert case.transitions.filter(action="revisit").count() == 1


def test_the_verifier_of_the_latest_closing_is_the_one_left_out(world: Any) -> None:
    staff, worker, second = (
        world.users["community_staff"],
        world.users["grid_worker"],
        _second(world),
    )
    case = _closed(world)
    A.do_revisit_case(case, satisfied=False, note="没修好", actor=second)  # reopens it
    A.do_dispatch_case(case, to=worker, actor=staff)
    A.do_handle_case(case, actor=worker, note="重新清理", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=second)
    A.do_close_case(case, actor=staff)
    with pytest.raises(Forbidden):
        A.do_revisit_case(case, satisfied=True, note="满意", actor=second)
    A.do_revisit_case(case, satisfied=True, note="居民满意", actor=staff)
    assert case.transitions.filter(action="revisit").count() == 2


def test_the_page_offers_the_revisit_only_to_a_second_worker(world: Any, login: Any) -> None:
    case, second = _closed(world), _second(world)
    form = f"/cases/{case.pk}/revisit/"
    for who in ("grid_worker", "community_staff", "resident"):
        assert form not in login(world.users[who]).get(f"/cases/{case.pk}/").content.decode()
    client = login(world.users["community_staff"])
    answer = client.post(form, {"satisfied": "1", "note": "满意"}, follow=True)
    assert REFUSAL in answer.content.decode()
    assert _unchanged(case)
    client = login(second)
    assert form in client.get(f"/cases/{case.pk}/").content.decode()
    client.post(form, {"satisfied": "1", "note": "居民满意"})
    step = case.transitions.order_by("-at", "-pk").first()
    assert step is not None and step.action == "revisit" and step.actor == second


def test_the_api_refuses_the_verifier_with_the_translated_reason(world: Any, login: Any) -> None:
    case = _closed(world)
    url = f"/api/v1/cases/{case.pk}/revisit"
    client = login(world.users["community_staff"])
    r = client.post(url, {"satisfied": True, "note": "满意"}, content_type="application/json")
    assert r.status_code == 403 and r.json()["detail"] == REFUSAL
    assert _unchanged(case)
    client = login(_second(world))
    r = client.post(url, {"satisfied": True, "note": "居民满意"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["transitions"][-1]["actor"] == "东网格员二"
