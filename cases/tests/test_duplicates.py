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
    assert set(r.json()[0]) == {
        "id",
        "number",
        "can_open",
        "status",
        "status_label",
        "description",
        "distance",
        "reported_at",
    }
    assert r.json()[0]["number"] is None and r.json()[0]["can_open"] is False
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


# Two communities side by side: the east's western edge and the west's eastern edge, about 80 m
# apart across the boundary (lon 120.62), and a new report on the boundary between them.
EAST_EDGE, WEST_EDGE, BOUNDARY = (120.6204, 28.005), (120.6196, 28.005), (120.62, 28.005)


def _across(world: Any) -> tuple[Case, Case]:
    east = report(world, at=EAST_EDGE, description="东边路灯不亮")
    westerner = world.user(Role.RESIDENT, world.west_grid, "13700000047", "西居民")
    west = report(world, at=WEST_EDGE, description="西边路灯不亮", actor=westerner)
    assert east.area_code.startswith(world.east.code) and west.area_code.startswith(world.west.code)
    return east, west


def _offered(client: Any) -> tuple[dict[int, Any], str]:
    query = {"category": "S0101", "lon": BOUNDARY[0], "lat": BOUNDARY[1]}
    api = client.get(API, query).json()
    html = client.get("/cases/duplicates/", query, headers={"HX-Request": "true"}).content.decode()
    return {d["id"]: (d["can_open"], d["number"]) for d in api}, html


def test_suggestions_across_a_community_boundary_open_only_what_the_viewer_may(
    world: Any, login: Any
) -> None:
    """Everyone near the boundary is offered both cases to say "me too" on; only a case the
    viewer may open comes with its number and a link, the same on the page and in the API."""
    east, west = _across(world)
    expected = {
        "resident": {east.pk},  # reported it
        "grid_worker": {east.pk},  # the east's worker
        "outsider": {west.pk},  # the west's worker
        "subdistrict_staff": {east.pk, west.pk},
    }
    viewers = {k: world.users[k] for k in expected} | {"neighbour": _neighbour(world)}
    expected["neighbour"] = set()
    for name, user in viewers.items():
        got, html = _offered(login(user))
        assert set(got) == {east.pk, west.pk}, name
        for case in (east, west):
            opens = case.pk in expected[name]
            assert got[case.pk] == ((True, case.number) if opens else (False, None)), name
            assert (f'href="/cases/{case.pk}/"' in html) is opens, name
            assert (case.number in html) is opens, name
            assert (f'action="/cases/{case.pk}/support/"' in html) is not opens, name
            assert case.description in html, name
            status = login(user).get(f"/cases/{case.pk}/").status_code
            assert status == (200 if opens else 404), name
        for reporter in ("东居民", "西居民"):
            assert reporter not in html and reporter not in str(got), name


def test_the_merge_list_offers_only_cases_the_desk_may_merge_into(world: Any, login: Any) -> None:
    east, west = _across(world)
    other_east = report(world, at=EAST_EDGE, description="东边路灯又不亮")
    west_staff = world.user(Role.COMMUNITY_STAFF, world.west, "13700000046", "西社区干部")

    def offered(user: Any, case: Case) -> set[int]:
        page = login(user).get(f"/cases/{case.pk}/").content.decode()
        form = page[page.index("/merge/") :]
        form = form[: form.index("</form>")]
        return {c.pk for c in (east, west, other_east) if f'value="{c.pk}"' in form}

    assert offered(world.users["community_staff"], east) == {other_east.pk}
    assert offered(west_staff, west) == set()
    assert offered(world.users["subdistrict_staff"], east) == {west.pk, other_east.pk}
    # What the east's desk was not offered it may not do either.
    r = login(world.users["community_staff"]).post(
        f"/api/v1/cases/{east.pk}/merge", {"into": west.pk}, content_type="application/json"
    )
    assert r.status_code == 404
    assert Case.objects.get(pk=east.pk).status == "reported"


def test_a_suggestion_shows_the_same_summary_on_the_page_and_in_the_api(
    world: Any, login: Any
) -> None:
    long = "楼下垃圾" * 30
    report(world, description=long)
    client = login(_neighbour(world))
    [got] = client.get(API, _query()).json()
    assert got["description"] == long[:59] + "…" and got["status_label"] == "已上报"
    html = client.get("/cases/duplicates/", _query(), headers={"HX-Request": "true"})
    assert got["description"] in html.content.decode() and long not in html.content.decode()


def test_it_never_offers_a_case_of_a_sensitive_category(world: Any) -> None:
    """A neighbour reporting 独居老人关怀 nearby is not shown another elderly person's case."""
    report(world, code="Z0501", description="王奶奶独居，三天没出门")
    assert find_duplicates(category("Z0501"), *NEAR) == []
    report(world, code="S0101")
    assert len(find_duplicates(category("S0101"), *NEAR)) == 1
