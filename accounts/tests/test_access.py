from __future__ import annotations

import pytest

from accounts import access
from accounts.roles import Capability
from areas.models import Household

pytestmark = pytest.mark.django_db


def test_it_reaches_the_subtree_of_the_assigned_area(world):
    staff = world.users["community_staff"]
    assert access.can(staff, Capability.VIEW_REGISTERS, world.east_grid.code)
    assert not access.can(staff, Capability.VIEW_REGISTERS, world.west_grid.code)


def test_it_scopes_querysets_to_the_users_areas(world):
    worker = world.users["grid_worker"]
    visible = Household.objects.filter(
        access.scope_q(worker, "grid__code", Capability.VIEW_REGISTERS)
    )
    assert set(visible) == set(world.east_households)


def test_it_gives_residents_no_register_access(world):
    resident = world.users["resident"]
    assert not Household.objects.filter(
        access.scope_q(resident, "grid__code", Capability.VIEW_REGISTERS)
    ).exists()


def test_it_lets_administrators_reach_everything(world):
    admin = world.users["admin"]
    assert (
        Household.objects.filter(
            access.scope_q(admin, "grid__code", Capability.VIEW_REGISTERS)
        ).count()
        == 4
    )
