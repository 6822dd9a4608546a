from typing import Any

import pytest

from cases import actions as A
from cases.models import Case
from cases.tests.helpers import EAST, jpeg, report
from cases.workflow import Status


def test_it_reports_from_the_phone_page_once_per_form(world: Any, login: Any) -> None:
    client = login(world.users["resident"])
    page = client.get("/cases/report/")
    assert page.status_code == 200
    assert "随手拍" in page.content.decode() or "上报问题" in page.content.decode()
    data = {
        "category": "S0101",
        "description": "垃圾没人清",
        "lon": str(EAST[0]),
        "lat": str(EAST[1]),
        "idempotency_key": "form-1",
        "photos": [jpeg()],
    }
    r = client.post("/cases/report/", data)
    assert r.status_code == 302
    case = Case.objects.get()
    r2 = client.post("/cases/report/", {**data, "photos": []})
    assert r2.url == r.url  # a double submit lands on the same case
    assert Case.objects.count() == 1
    detail = client.get(f"/cases/{case.pk}/").content.decode()
    assert "垃圾没人清" in detail and "上报" in detail


def test_it_shows_bad_input_on_the_page_and_stores_nothing(world: Any, login: Any) -> None:
    client = login(world.users["resident"])
    r = client.post(
        "/cases/report/", {"category": "S0101", "description": "x", "lon": "999", "lat": "1"}
    )
    assert r.status_code == 200
    assert "坐标" in r.content.decode() or "coordinates" in r.content.decode()
    assert Case.objects.count() == 0


def test_it_routes_an_address_through_its_building_from_the_page(world: Any, login: Any) -> None:
    client = login(world.users["resident"])
    client.post(
        "/cases/report/",
        {"category": "S0101", "description": "楼道堆物", "address": world.east_building.name},
    )
    assert Case.objects.get().area == world.east_grid


def test_it_lists_the_desk_queue_with_a_fixed_number_of_queries(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(12):
        report(world)
    client = login(world.users["community_staff"])
    with django_assert_max_num_queries(14):
        r = client.get("/cases/desk/?status=open&overdue=&area=" + world.east.code)
    assert r.status_code == 200
    assert r.content.decode().count('name="cases"') == 12
    assert login(world.users["resident"]).get("/cases/desk/").status_code == 404


def test_it_lists_tasks_and_my_cases_with_few_queries(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    cases = [report(world) for _ in range(6)]
    for c in cases:
        A.do_accept_case(c, actor=staff)
    A.do_dispatch_cases(cases, to=worker, actor=staff)
    client = login(worker)
    with django_assert_max_num_queries(10):
        r = client.get("/cases/tasks/")
    assert r.content.decode().count("case-item") == 6
    client = login(world.users["resident"])
    with django_assert_max_num_queries(10):
        r = client.get("/cases/mine/")
    assert r.content.decode().count("case-item") == 6


def test_it_dispatches_in_bulk_from_the_desk(world: Any, login: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    cases = [report(world) for _ in range(3)]
    for c in cases:
        A.do_accept_case(c, actor=staff)
    client = login(staff)
    r = client.post("/cases/desk/dispatch/", {"cases": [c.pk for c in cases], "to": worker.pk})
    assert r.status_code == 302
    assert Case.objects.filter(status=Status.DISPATCHED, handler=worker).count() == 3


def test_it_shows_a_conflict_as_a_message(world: Any, login: Any) -> None:
    staff = world.users["community_staff"]
    case = report(world)
    client = login(staff)
    client.post(f"/cases/{case.pk}/accept/")
    r = client.post(f"/cases/{case.pk}/accept/", follow=True)
    assert "不能" in r.content.decode() or "cannot" in r.content.decode()
    assert case.transitions.filter(action="accept").count() == 1


def test_it_hides_cases_outside_the_users_area(world: Any, login: Any) -> None:
    case = report(world)
    client = login(world.users["outsider"])
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.post(f"/cases/{case.pk}/accept/").status_code == 404
    case.refresh_from_db()
    assert case.status == Status.REPORTED


@pytest.mark.parametrize(
    "url", ["/cases/patrol/", "/cases/desk/map/", "/cases/desk/approvals/", "/cases/hotline/"]
)
def test_it_serves_the_staff_pages(world: Any, login: Any, url: str) -> None:
    user = world.users["grid_worker" if url == "/cases/patrol/" else "community_staff"]
    assert login(user).get(url).status_code == 200
    assert login(world.users["resident"]).get(url).status_code == 404


def test_it_serves_map_data_and_grids(world: Any, login: Any) -> None:
    report(world)
    client = login(world.users["community_staff"])
    assert len(client.get("/cases/desk/map.json").json()["features"]) == 1
    assert len(client.get("/cases/grids.geojson").json()["features"]) == 2


def test_it_offers_me_too_to_neighbours_but_not_to_the_desk(world: Any, login: Any) -> None:
    case = report(world)
    support_url = f"/cases/{case.pk}/support/"
    assert (
        support_url
        not in login(world.users["community_staff"]).get(f"/cases/{case.pk}/").content.decode()
    )
    neighbour = world.user("resident", world.east_grid, "13700000077", "邻居")
    client = login(neighbour)
    r = client.post(support_url)
    assert r.status_code == 302
    assert case.supporters.filter(user=neighbour).exists()
    assert client.get(f"/cases/{case.pk}/").status_code == 200  # a supporter follows the case


def test_it_names_the_worker_who_reported_on_patrol(world: Any, login: Any) -> None:
    from cases.models import Channel

    worker = world.users["grid_worker"]
    case = report(world, actor=worker, channel=Channel.PATROL)
    page = login(world.users["community_staff"]).get(f"/cases/{case.pk}/").content.decode()
    assert f"<dt>上报人</dt><dd>{worker.name}</dd>" in page
    detail = login(worker).get(f"/api/v1/cases/{case.pk}").json()
    assert detail["reporter"] == worker.name
