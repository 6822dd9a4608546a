"""Division pages and API through the client: who sees what, the flow, 404s, Chinese."""

from __future__ import annotations

from areas.division import actions
from areas.division.engine import Bounds
from areas.division.models import DivisionPlan
from areas.division.tests.helpers import populate
from areas.models import Building

B = Bounds(300, 500)


def draft(world) -> DivisionPlan:
    return actions.do_draft_plan(world.east, bounds=B, actor=world.users["community_staff"])


def test_it_renders_the_index_in_chinese_by_default(world, login) -> None:
    populate(world)
    draft(world)
    r = login(world.users["community_staff"]).get("/division/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "网格划分" in body and "东社区" in body


def test_it_shows_the_plans_figures_against_today(world, login) -> None:
    populate(world)
    plan = draft(world)
    body = login(world.users["community_staff"]).get(f"/division/plans/{plan.pk}/").content.decode()
    assert "今日超出范围" in body and "1 个超上限，0 个低于下限" in body
    floor = round(100 * 342 / plan.total_households, 1)
    assert f"至少 {floor}% 必须移动" in body
    assert "保持完整的小区" in body and "今日 4" in body


def test_it_lists_plans_in_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries
) -> None:
    populate(world)
    for _ in range(3):
        draft(world)
    client = login(world.users["subdistrict_staff"])
    with django_assert_max_num_queries(12):
        r = client.get("/division/")
    assert r.content.decode().count("/division/plans/") == 3


def test_it_drafts_a_plan_from_the_form(world, login) -> None:
    populate(world)
    client = login(world.users["community_staff"])
    r = client.post(
        "/division/",
        {"area": world.east.code, "mode": "redivide", "min_households": 300, "max_households": 500},
    )
    plan = DivisionPlan.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/division/plans/{plan.pk}/"
    r = client.post(
        "/division/",
        {"area": world.east.code, "mode": "fresh", "min_households": 600, "max_households": 500},
    )
    assert r.status_code == 200 and DivisionPlan.objects.count() == 1
    # Only areas the user is staff of are offered.
    r = client.post(
        "/division/",
        {"area": world.west.code, "mode": "fresh", "min_households": 300, "max_households": 500},
    )
    assert r.status_code == 200 and DivisionPlan.objects.count() == 1


def test_it_hides_the_pages_from_those_without_a_staff_role(world, login) -> None:
    populate(world)
    plan = draft(world)
    for persona in ("outsider", "grid_worker", "resident"):
        client = login(world.users[persona])
        assert client.get(f"/division/plans/{plan.pk}/").status_code == 404
        assert client.get(f"/division/plans/{plan.pk}/proposed.geojson").status_code == 404
        assert client.post(f"/division/plans/{plan.pk}/approve/").status_code == 404
        assert 'href="/division/"' not in client.get("/").content.decode()


def test_it_walks_a_plan_through_review_approval_and_apply(world, login) -> None:
    populate(world)
    plan = draft(world)
    staff = login(world.users["community_staff"])
    r = staff.get(f"/division/plans/{plan.pk}/")
    assert r.status_code == 200 and "map-proposed" in r.content.decode()
    geo = staff.get(f"/division/plans/{plan.pk}/proposed.geojson").json()
    assert len(geo["features"]) == plan.grid_count
    assert len(staff.get(f"/division/plans/{plan.pk}/current.geojson").json()["features"]) == 1
    staff.post(f"/division/plans/{plan.pk}/review/", {"community": world.east.code, "note": "同意"})
    plan.refresh_from_db()
    assert plan.status == "reviewed"
    sub = login(world.users["subdistrict_staff"])
    sub.post(f"/division/plans/{plan.pk}/approve/")
    sub.post(f"/division/plans/{plan.pk}/apply/")
    plan.refresh_from_db()
    assert plan.status == "applied"
    assert "330324001001002" in sub.get(f"/division/plans/{plan.pk}/").content.decode()


def test_it_shows_a_stale_plan_and_refuses_to_apply_it(world, login) -> None:
    populate(world)
    plan = draft(world)
    actions.do_review_plan(plan, world.east, actor=world.users["community_staff"])
    actions.do_approve_plan(plan, actor=world.users["subdistrict_staff"])
    Building.objects.filter(pk=world.east_building.pk).update(households=9)
    client = login(world.users["subdistrict_staff"])
    body = client.get(f"/division/plans/{plan.pk}/").content.decode()
    assert "过期" in body and "/apply/" not in body
    client.post(f"/division/plans/{plan.pk}/apply/")
    plan.refresh_from_db()
    assert plan.status == "approved"


def test_it_shows_a_grids_teams_and_builds_micro_grids(world, login) -> None:
    populate(world, registered=2)
    client = login(world.users["community_staff"])
    r = client.get(f"/division/grids/{world.east_grid.code}/")
    assert r.status_code == 200 and "户" in r.content.decode()
    r = client.post(f"/division/grids/{world.east_grid.code}/", {"size": 50})
    assert r.status_code == 302
    assert world.east_grid.children.filter(level="microgrid").count() >= 2
    assert (
        login(world.users["outsider"]).get(f"/division/grids/{world.east_grid.code}/").status_code
        == 404
    )


def test_it_runs_the_flow_over_the_api(world, login) -> None:
    populate(world)
    staff = login(world.users["community_staff"])
    r = staff.post(
        "/api/v1/division/plans",
        {"area": world.east.code, "mode": "fresh"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    plan_id = r.json()["id"]
    assert r.json()["grid_count"] == 2 and len(r.json()["grids"]) == 2
    assert staff.post(f"/api/v1/division/plans/{plan_id}/approve").status_code == 404
    r = staff.post(
        f"/api/v1/division/plans/{plan_id}/review",
        {"community": world.east.code},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "reviewed"
    sub = login(world.users["subdistrict_staff"])
    assert sub.post(f"/api/v1/division/plans/{plan_id}/apply").status_code == 409
    assert sub.post(f"/api/v1/division/plans/{plan_id}/approve").json()["status"] == "approved"
    Building.objects.filter(pk=world.east_building.pk).update(households=9)
    r = sub.post(f"/api/v1/division/plans/{plan_id}/apply")
    assert r.status_code == 409 and "变动" in r.json()["detail"]
    assert sub.get(f"/api/v1/division/plans/{plan_id}").json()["stale"] is True


def test_it_rejects_bad_api_input(world, login) -> None:
    populate(world)
    staff = login(world.users["community_staff"])
    post = lambda body: staff.post("/api/v1/division/plans", body, content_type="application/json")  # noqa: E731
    assert (
        post({"area": world.east.code, "min_households": 600, "max_households": 500}).status_code
        == 400
    )
    assert post({"area": world.west.code}).status_code == 404
    assert post({"area": "nope"}).status_code == 404
    assert post({"area": world.east.code, "min_households": True}).status_code == 422
    assert post({"area": world.east.code, "mode": "other"}).status_code == 422
    assert not DivisionPlan.objects.exists()
    outsider = login(world.users["outsider"])
    assert outsider.get(f"/api/v1/division/grids/{world.east_grid.code}/teams").status_code == 404


def test_it_lists_teams_and_builds_micro_grids_over_the_api(world, login) -> None:
    populate(world, registered=2)
    staff = login(world.users["community_staff"])
    teams = staff.get(f"/api/v1/division/grids/{world.east_grid.code}/teams").json()
    assert sum(t["households"] for t in teams) == 142
    r = staff.post(
        f"/api/v1/division/grids/{world.east_grid.code}/microgrids",
        {"size": 70},
        content_type="application/json",
    )
    assert r.status_code == 200 and sum(m["households"] for m in r.json()) == 142


def test_it_explains_in_chinese_why_a_community_cannot_be_divided(world, login) -> None:
    plan = actions.do_draft_plan(world.west, bounds=B, actor=world.users["admin"])
    body = login(world.users["admin"]).get(f"/division/plans/{plan.pk}/").content.decode()
    assert "西社区只有2户，不足一个网格。" in body
    assert "低于下限" in body
