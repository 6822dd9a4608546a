"""Member service posts (党员服务示范岗, 先锋岗, 哨点): posting and ending, who may and who sees,
the grid page's panel and map layer, the API, the register."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from areas.registers.actions import do_export_register, do_import_register
from areas.registers.tests.helpers import csv_bytes, read_csv
from areas.registers.workflow import JobStatus
from core.audit import AuditEntry
from core.refusal import Conflict, Invalid, NotFound
from party import permissions
from party.posts import actions
from party.posts.models import PostKind, ServicePost

pytestmark = pytest.mark.django_db
DAY = dt.datetime(2026, 5, 10, 10, 0, tzinfo=dt.UTC)


def post(p, **change):
    data = {
        "kind": PostKind.SENTINEL,
        "duty": "巡查楼道消防通道",
        "grid": p.world.east_grid,
        "building": p.world.east_building,
        "place": "1幢东门",
        "since": dt.date(2026, 3, 1),
        **change,
    }
    member = data.pop("member", p.member)
    actor = data.pop("actor", p.secretary)
    return actions.do_post_member(member, actor=actor, **data)


@time_machine.travel(DAY, tick=False)
def test_it_posts_a_member_and_audits_it(p) -> None:
    s = post(p, lon=120.631, lat=28.011)
    assert s.organisation == p.east_branch and s.point == (120.631, 28.011)
    assert s.is_active(dt.date(2026, 5, 10))
    assert AuditEntry.objects.filter(action="party.post.add").count() == 1


@time_machine.travel(DAY, tick=False)
def test_it_refuses_bad_posts_and_stores_nothing(p) -> None:
    with pytest.raises(Invalid):
        post(p, duty=" ")
    with pytest.raises(Invalid):
        post(p, grid=p.world.west_grid, building=None)  # outside the member's organisation
    with pytest.raises(Invalid):
        post(p, building=p.world.west_building)  # on another grid
    with pytest.raises(Invalid):
        post(p, lon=120.63)  # half a point
    with pytest.raises(Invalid):
        post(p, until=dt.date(2026, 2, 1))
    with pytest.raises(Invalid):
        post(p, grid=p.world.east, building=None)  # a community, not a grid
    assert not ServicePost.objects.exists()


@time_machine.travel(DAY, tick=False)
def test_it_lets_only_the_organisations_editors_post(p) -> None:
    with pytest.raises(NotFound):
        post(p, actor=p.world.users["outsider"])
    with pytest.raises(NotFound):
        post(p, actor=p.world.users["resident"])


@time_machine.travel(DAY, tick=False)
def test_it_ends_a_post_once(p) -> None:
    s = post(p)
    actions.do_end_post(s, until=dt.date(2026, 5, 9), actor=p.secretary)
    s.refresh_from_db()
    assert s.until == dt.date(2026, 5, 9) and not s.is_active(dt.date(2026, 5, 10))
    with pytest.raises(Conflict):
        actions.do_end_post(s, actor=p.secretary)


@time_machine.travel(DAY, tick=False)
def test_residents_of_the_grid_see_the_posts_held_there(p) -> None:
    held = post(p)
    ended = post(p, since=dt.date(2026, 1, 1), until=dt.date(2026, 4, 30))
    resident = p.world.users["resident"]
    assert list(permissions.posts_visible_to(resident)) == [held]
    assert permissions.can_view_post(resident, held)
    assert not permissions.can_view_post(resident, ended)
    assert permissions.can_view_post(p.secretary, ended)
    assert not permissions.can_view_post(p.world.users["outsider"], held)


@time_machine.travel(DAY, tick=False)
def test_the_grid_page_lists_the_posts_and_maps_them_without_a_phone(p, login) -> None:
    post(p, lon=120.631, lat=28.011)
    post(
        p,
        member=p.retired,
        kind=PostKind.MODEL,
        duty="调解邻里纠纷",
        until=dt.date(2026, 4, 1),
        since=dt.date(2026, 1, 1),
    )
    page = login(p.world.users["grid_worker"]).get(f"/areas/a/{p.world.east_grid.code}/")
    body = page.content.decode()
    assert "巡查楼道消防通道" in body and p.member.name in body
    assert "调解邻里纠纷" not in body  # ended
    assert p.member.phone not in body and "13811112222" not in body
    layers = page.context["layers"]
    assert [f["properties"]["name"] for f in layers["posts"]["features"]] == [p.member.name]
    assert layers["legend"]["post_sentinel"]


@time_machine.travel(DAY, tick=False)
def test_the_api_posts_lists_and_ends(p, client) -> None:
    client.force_login(p.secretary)
    r = client.post(
        "/api/v1/party/posts",
        {
            "member_id": p.member.pk,
            "kind": "vanguard",
            "duty": "帮代办",
            "grid_code": p.world.east_grid.code,
            "since": "2026-05-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    made = r.json()
    assert made["held"] and "phone" not in made
    listed = client.get(f"/api/v1/party/posts?grid={p.world.east.code}").json()
    assert [i["id"] for i in listed["items"]] == [made["id"]]
    r = client.post(f"/api/v1/party/posts/{made['id']}/end", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["until"] == "2026-05-10"
    client.force_login(p.world.users["outsider"])
    assert client.get(f"/api/v1/party/posts/{made['id']}").status_code == 404


HEADER = ["code", "member_code", "kind", "duty", "grid_code", "building_code", "since"]


@time_machine.travel(DAY, tick=False)
def test_the_register_imports_reimports_unchanged_and_exports(p) -> None:
    rows = [
        HEADER,
        ["SP1", "M1", "哨点", "巡查消防通道", p.world.east_grid.code, "EC1B1", "2026-03-01"],
        ["SP2", "M2", "示范岗", "调解纠纷", p.world.east_grid.code, "", "2026-03-01"],
    ]
    job = do_import_register(
        "service_posts", filename="p.csv", content=csv_bytes(rows), actor=p.secretary
    )
    assert job.status == JobStatus.DONE, job.errors
    assert job.created_count == 2
    assert ServicePost.objects.get(code="SP1").kind == "sentinel"
    again = do_import_register(
        "service_posts", filename="p.csv", content=csv_bytes(rows), actor=p.secretary
    )
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    _name, lines = do_export_register("service_posts", "csv", actor=p.secretary)
    exported = read_csv(
        b"".join(line if isinstance(line, bytes) else line.encode() for line in lines)
    )
    assert [r[0] for r in exported[1:]] == ["SP1", "SP2"] and exported[1][2] == "哨点"


@time_machine.travel(DAY, tick=False)
def test_the_register_refuses_a_grid_outside_and_imports_nothing(p) -> None:
    rows = [
        HEADER,
        ["SP1", "M1", "哨点", "巡查", p.world.east_grid.code, "", "2026-03-01"],
        ["SP2", "M1", "哨点", "巡查", p.world.west_grid.code, "", "2026-03-01"],
    ]
    job = do_import_register(
        "service_posts", filename="p.csv", content=csv_bytes(rows), actor=p.secretary
    )
    assert job.status == JobStatus.REJECTED
    assert not ServicePost.objects.exists()


def test_the_posts_page_lists_what_one_may_see(p, login) -> None:
    with time_machine.travel(DAY, tick=False):
        s = post(p)
        body = login(p.secretary).get("/party/posts/").content.decode()
        assert f'data-post="{s.pk}"' in body and "巡查楼道消防通道" in body
        body = login(p.world.users["resident"]).get("/party/posts/").content.decode()
        assert f'data-post="{s.pk}"' in body
        assert json.dumps(p.member.phone) not in body
