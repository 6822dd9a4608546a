"""Nobody grants a role above their own, nor a role to themselves (issue 12, finding 2:
community staff made themselves subdistrict staff, then approved their own division plan)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import actions, permissions
from accounts.roles import RANK, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.SUBDISTRICT_STAFF, Role.DISTRICT_STAFF, Role.ADMIN])
def test_it_refuses_a_community_office_a_role_above_its_own(world, role):
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    assert role not in permissions.grantable_roles(staff, world.east.code)
    # The refusal's type is core.refusal's once the actions move onto it; its words are ours.
    with pytest.raises(Exception, match="role|角色"):
        actions.do_grant_role(worker, role=role, area=world.east, actor=staff)
    assert not worker.role_assignments.filter(role=role).exists()


def test_it_refuses_a_community_office_subdistrict_staff_through_the_page_too(world, login):
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    response = login(staff).post(
        reverse("accounts:grant", args=[worker.pk]),
        {"role": Role.SUBDISTRICT_STAFF, "area": world.east.code},
    )
    assert response.status_code == 400
    assert not worker.role_assignments.filter(role=Role.SUBDISTRICT_STAFF).exists()
    page = login(staff).get(reverse("accounts:person", args=[worker.pk])).content.decode()
    assert 'value="subdistrict_staff"' not in page and 'value="community_staff"' in page


def test_it_lets_an_office_grant_roles_up_to_its_own_level(world):
    sub = world.users["subdistrict_staff"]
    worker = world.users["grid_worker"]
    assert set(permissions.grantable_roles(sub, world.east.code)) == {
        r for r in Role.values if RANK[r] <= RANK[Role.SUBDISTRICT_STAFF]
    }
    actions.do_grant_role(worker, role=Role.COMMUNITY_STAFF, area=world.east, actor=sub)
    actions.do_grant_role(worker, role=Role.SUBDISTRICT_STAFF, area=world.subdistrict, actor=sub)
    assert Role.DISTRICT_STAFF not in permissions.grantable_roles(sub, world.east.code)


@pytest.mark.parametrize("who", ["community_staff", "subdistrict_staff", "admin"])
def test_it_refuses_anyone_a_role_granted_to_themselves(world, who):
    actor = world.users[who]
    with pytest.raises(Exception, match="yourself|本人"):
        actions.do_grant_role(actor, role=Role.BUILDING_HEAD, area=world.east_grid, actor=actor)
    assert not actor.role_assignments.filter(role=Role.BUILDING_HEAD).exists()
