from typing import Any

from cases import actions as A
from cases.models import Case, CaseTransition
from cases.tests.helpers import EAST, jpeg, report

NAME = "东居民"  # the resident persona


def _anonymous(world: Any) -> tuple[Case, Any]:
    """An anonymous report with a neighbour who said "me too"."""
    case = report(world, anonymous=True)
    neighbour = world.user("resident", world.east_grid, "13700000055", "邻居")
    A.do_support_case(case, actor=neighbour)
    return case, neighbour


def test_it_shows_an_anonymous_report_as_anonymous_on_the_case_page(world: Any, login: Any) -> None:
    case, neighbour = _anonymous(world)
    for user in (world.users["community_staff"], neighbour):
        page = login(user).get(f"/cases/{case.pk}/").content.decode()
        timeline = page.split('id="timeline"')[1].split("</ol>")[0]
        assert "匿名" in timeline and NAME not in page
    # The stored actor stays for the audit.
    assert CaseTransition.objects.get(case=case, action="report").actor == world.users["resident"]


def test_it_shows_the_reporter_of_a_named_report(world: Any, login: Any) -> None:
    case = report(world)
    page = login(world.users["community_staff"]).get(f"/cases/{case.pk}/").content.decode()
    assert NAME in page.split('id="timeline"')[1]
    api = login(world.users["community_staff"]).get(f"/api/v1/cases/{case.pk}").json()
    assert api["transitions"][0]["actor"] == NAME


def test_the_api_shows_an_anonymous_report_as_anonymous(world: Any, login: Any) -> None:
    case, neighbour = _anonymous(world)
    for user in (world.users["community_staff"], neighbour):
        r = login(user).get(f"/api/v1/cases/{case.pk}")
        assert r.status_code == 200
        assert r.json()["transitions"][0]["actor"] == "匿名"
        assert NAME not in r.content.decode()


def test_the_intake_answer_shows_the_reporter_as_anonymous(world: Any, login: Any) -> None:
    data = {"category": "S0101", "description": "垃圾满了", "lon": EAST[0], "lat": EAST[1]}
    r = login(world.users["resident"]).post(
        "/api/v1/cases/", data | {"anonymous": True}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["reporter"] == "匿名" and r.json()["transitions"][0]["actor"] == "匿名"
    assert NAME not in r.content.decode()


def test_a_reopening_by_the_anonymous_reporter_stays_anonymous(world: Any, login: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case, neighbour = _anonymous(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff)
    A.do_handle_case(case, actor=worker, note="已清理", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=staff)
    A.do_close_case(case, actor=staff)
    A.do_rate_case(case, score=1, actor=world.users["resident"])
    transitions = login(neighbour).get(f"/api/v1/cases/{case.pk}").json()["transitions"]
    shown = {t["action"]: t["actor"] for t in transitions}
    assert shown["reopen"] == "匿名" and shown["close"] == staff.name
    page = login(neighbour).get(f"/cases/{case.pk}/").content.decode()
    assert NAME not in page
