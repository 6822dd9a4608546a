from __future__ import annotations

import pytest

from core.refusal import Refusal
from volunteering import actions
from volunteering.models import Need, NeedStatus, Project, ProjectStatus, ResourceStatus

pytestmark = pytest.mark.django_db


def need_and_resource(v):
    need = actions.do_add_need(
        community=v.world.east, title="楼道灯坏", category="repair", households=12, actor=v.staff
    )
    resource = actions.do_add_resource(
        community=v.world.east,
        title="电工服务",
        category="repair",
        partner_unit=v.unit,
        actor=v.staff,
    )
    return need, resource


def test_it_matches_a_need_with_a_resource_and_tracks_it_to_completion(v) -> None:
    need, resource = need_and_resource(v)
    project = actions.do_match(need=need, resource=resource, actor=v.staff)
    need.refresh_from_db()
    resource.refresh_from_db()
    assert need.status == NeedStatus.MATCHED and resource.status == ResourceStatus.MATCHED
    project = actions.do_advance_project(project, event="start", actor=v.staff)
    project = actions.do_advance_project(project, event="note", note="已采购灯具", actor=v.staff)
    project = actions.do_advance_project(project, event="complete", actor=v.staff)
    assert project.status == ProjectStatus.COMPLETED and project.completed_at
    need.refresh_from_db()
    resource.refresh_from_db()
    assert need.status == NeedStatus.MET and resource.status == ResourceStatus.AVAILABLE
    assert list(project.events.values_list("event", flat=True)) == [
        "match",
        "start",
        "note",
        "complete",
    ]


def test_it_refuses_a_second_match_and_cross_community_matches(v) -> None:
    need, resource = need_and_resource(v)
    actions.do_match(need=need, resource=resource, actor=v.staff)
    need2 = actions.do_add_need(
        community=v.world.east, title="另一个需求", category="repair", actor=v.staff
    )
    with pytest.raises(Refusal):
        actions.do_match(need=need2, resource=resource, actor=v.staff)
    west_need = actions.do_add_need(
        community=v.world.west, title="西需求", category="repair", actor=v.world.users["admin"]
    )
    with pytest.raises(Refusal):
        actions.do_match(need=west_need, resource=resource, actor=v.world.users["admin"])
    assert Project.objects.count() == 1


def test_it_reopens_the_need_when_a_project_is_cancelled(v) -> None:
    need, resource = need_and_resource(v)
    project = actions.do_match(need=need, resource=resource, actor=v.staff)
    actions.do_advance_project(project, event="cancel", note="单位无法提供", actor=v.staff)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_it_refuses_bad_list_input(v) -> None:
    for kw in (
        {"title": "", "category": "repair"},
        {"title": "x", "category": "nope"},
        {"title": "x", "category": "repair", "households": 0},
        {"title": "x", "category": "repair", "households": True},
    ):
        with pytest.raises(Refusal):
            actions.do_add_need(community=v.world.east, actor=v.staff, **kw)
    with pytest.raises(Refusal):
        actions.do_add_need(
            community=v.world.east, title="x", category="repair", actor=v.world.users["outsider"]
        )
    with pytest.raises(Refusal):
        actions.do_add_resource(community=v.world.east, title="x", category="repair", actor=v.staff)
    with pytest.raises(Refusal):
        actions.do_add_service_item(
            community=v.world.east, title="x", category="repair", estimated_hours=0, actor=v.staff
        )
    assert not Need.objects.exists()


def test_it_takes_a_service_off_the_menu(v, login) -> None:
    actions.do_set_service_active(v.item, active=False, actor=v.staff)
    body = login(v.resident).get("/volunteering/menu/").content.decode()
    assert "上门理发" not in body


def test_it_adds_lists_through_the_staff_page(v, login) -> None:
    client = login(v.staff)
    client.post(
        "/volunteering/staff/lists/",
        {
            "kind": "need",
            "need-community": v.world.east.pk,
            "need-title": "加装扶手",
            "need-category": "elderly",
            "need-households": "3",
        },
    )
    assert Need.objects.get().title == "加装扶手"
