"""Ways around the case pages: where a case page leads back to, and where the maps open."""

import re
from typing import Any

from cases import actions as A
from cases.tests.helpers import report


def _back(html: str) -> str:
    found = re.search(r'<a href="([^"]+)" id="back">', html)
    assert found, "the case page has no way back"
    return found.group(1)


def test_it_leads_each_role_back_to_the_list_it_came_from(world: Any, login: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_cases([case], to=worker, actor=staff)
    url = f"/cases/{case.pk}/"
    assert _back(login(world.users["resident"]).get(url).content.decode()) == "/cases/mine/"
    assert _back(login(worker).get(url).content.decode()) == "/cases/tasks/"
    assert _back(login(staff).get(url).content.decode()) == "/cases/desk/"


def test_it_links_the_desk_map_and_approvals_back_to_the_desk(world: Any, login: Any) -> None:
    client = login(world.users["community_staff"])
    for url in ("/cases/desk/map/", "/cases/desk/approvals/"):
        html = client.get(url).content.decode()
        assert '<div class="breadcrumbs"><a href="/cases/desk/">' in html, url


def _focus(html: str) -> str:
    found = re.search(r'data-focus="([^"]*)"', html)
    assert found
    return found.group(1)


def test_it_opens_the_pin_map_on_the_users_own_area(world: Any, login: Any) -> None:
    # The community of the resident's household; a worker's grid; staff, their community.
    assert _focus(login(world.users["resident"]).get("/cases/report/").content.decode()) == (
        world.east.code
    )
    assert _focus(login(world.users["grid_worker"]).get("/cases/patrol/").content.decode()) == (
        world.east_grid.code
    )
    staff = login(world.users["community_staff"]).get("/cases/hotline/").content.decode()
    assert _focus(staff) == world.east.code


def test_it_shows_where_the_case_is_on_its_page(world: Any, login: Any) -> None:
    case = report(world)
    html = login(world.users["grid_worker"]).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="case-place"' in html
    assert f'data-lon="{case.lon:f}" data-lat="{case.lat:f}"' in html
    assert "leaflet.js" in html


def test_it_links_a_waiting_request_to_approvals_for_the_desk_only(world: Any, login: Any) -> None:
    """The worker who asked is told it waits, with no link to a page they may not open."""
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_cases([case], to=worker, actor=staff)
    A.do_request_extension(case, days=3, reason="等配件", actor=worker)
    mine = login(worker).get(f"/cases/{case.pk}/").content.decode()
    assert "有申请待审批" in mine and "/cases/desk/approvals/" not in mine
    assert login(worker).get("/cases/desk/approvals/").status_code == 404
    desk = login(staff).get(f"/cases/{case.pk}/").content.decode()
    assert 'href="/cases/desk/approvals/"' in desk
