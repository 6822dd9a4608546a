import datetime as dt
from typing import Any

import time_machine

from accounts.roles import Role
from cases import actions as A
from cases.actions import find_duplicates
from cases.models import Case, Supporter
from cases.tests.helpers import EAST, category, report

NEAR = (EAST[0] + 0.0005, EAST[1])  # ~50 m away
API = "/api/v1/cases/duplicates"


def _query(code: str = "S0101") -> dict[str, Any]:
    return {"category": code, "lon": NEAR[0], "lat": NEAR[1]}


def _neighbour(world: Any) -> Any:
    return world.user("resident", world.east_grid, "13700000044", "邻居")


def test_it_offers_only_cases_reported_in_the_last_30_days(world: Any) -> None:
    now = dt.datetime.now(dt.UTC)
    with time_machine.travel(now - dt.timedelta(days=31)):
        report(world, description="旧的")
    with time_machine.travel(now - dt.timedelta(days=29)):
        recent = report(world, description="新的")
    with time_machine.travel(now):
        found = find_duplicates(category(), *NEAR)
    assert [c.pk for c in found] == [recent.pk]


def test_it_offers_only_open_cases(world: Any) -> None:
    staff = world.users["community_staff"]
    rejected, merged, kept = report(world), report(world), report(world)
    A.do_reject_case(rejected, actor=staff, reason="重复")
    A.do_merge_case(merged, into=kept, actor=staff)
    assert [c.pk for c in find_duplicates(category(), *NEAR)] == [kept.pk]


def test_it_never_offers_a_dispute(world: Any, login: Any) -> None:
    report(world, code="Z0101", description="楼上邻居半夜吵闹")
    assert find_duplicates(category("Z0101"), *NEAR) == []
    client = login(_neighbour(world))
    r = client.get(API, _query("Z0101"))
    assert r.status_code == 200 and r.json() == []
    partial = client.get("/cases/duplicates/", _query("Z0101"), headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "半夜" not in partial.content.decode()


def test_a_stranger_cannot_follow_a_dispute_by_me_too(world: Any, login: Any) -> None:
    case = report(world, code="Z0101", description="楼上邻居半夜吵闹")
    client = login(_neighbour(world))
    r = client.post(f"/api/v1/cases/{case.pk}/support")
    assert r.status_code == 404 and r.json()["detail"] == "没有这个案件。"
    assert client.post(f"/cases/{case.pk}/support/").status_code == 302
    assert not Supporter.objects.exists()
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert "半夜" not in client.get(f"/api/v1/cases/{case.pk}").content.decode()
    # Those who see it without working on it are not offered "me too" on it either.
    secretary = world.user(Role.PARTY_SECRETARY, world.east_grid, "13700000045", "书记")
    page = login(secretary).get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and f"/cases/{case.pk}/support/" not in page.content.decode()
    plain = report(world)
    assert (
        f"/cases/{plain.pk}/support/"
        in login(secretary).get(f"/cases/{plain.pk}/").content.decode()
    )


def test_the_api_offers_duplicates_without_the_reporter(world: Any, login: Any) -> None:
    case = report(world)
    client = login(_neighbour(world))
    r = client.get(API, _query())
    assert r.status_code == 200
    assert [d["id"] for d in r.json()] == [case.pk]
    assert set(r.json()[0]) == {"id", "number", "status", "description", "distance", "reported_at"}
    assert client.get(API, _query("NOPE")).status_code == 400


def test_the_report_page_asks_for_duplicates_and_shows_them(world: Any, login: Any) -> None:
    case = report(world)
    client = login(_neighbour(world))
    page = client.get("/cases/report/").content.decode()
    assert 'hx-get="/cases/duplicates/"' in page and 'id="duplicates"' in page
    partial = client.get("/cases/duplicates/", _query(), headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html
    assert case.description in html and f'action="/cases/{case.pk}/support/"' in html
    assert "我也遇到" in html
    for bad in (_query("S0102"), _query("NOPE"), {"category": "S0101", "lon": "x", "lat": "1"}):
        assert client.get("/cases/duplicates/", bad).content.decode().strip() == ""
    assert Case.objects.count() == 1


def test_the_duplicates_partial_needs_a_sign_in(client: Any, world: Any) -> None:
    r = client.get("/cases/duplicates/", _query())
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
