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
