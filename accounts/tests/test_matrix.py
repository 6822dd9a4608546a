"""The one capability matrix: which roles hold each capability, written out once more so a
change to who may do what is a deliberate one (these are the role sets the apps used to
spell out themselves)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils.module_loading import import_string

from accounts.roles import RANK, Capability, Role, roles_with

R = Role
OFFICES = {R.COMMUNITY_STAFF, R.SUBDISTRICT_STAFF, R.DISTRICT_STAFF, R.ADMIN}
GRID = {R.GRID_WORKER, R.GRID_WORKER_PART, R.GRID_HEAD}
DESK = OFFICES | {R.GRID_HEAD}

EXPECTED = {
    Capability.MANAGE_USERS: OFFICES,
    Capability.VIEW_REGISTERS: OFFICES | GRID | {R.BUILDING_HEAD, R.PARTY_SECRETARY},
    Capability.EDIT_REGISTERS: OFFICES,
    Capability.REVEAL_PERSONAL: OFFICES | {R.GRID_WORKER, R.GRID_HEAD},
    Capability.VIEW_AUDIT: OFFICES,
    Capability.DRAFT_DIVISION: OFFICES,
    Capability.REVIEW_DIVISION: {R.COMMUNITY_STAFF, R.ADMIN},
    Capability.APPROVE_DIVISION: {R.SUBDISTRICT_STAFF, R.DISTRICT_STAFF, R.ADMIN},
    Capability.VIEW_PARTY: OFFICES | {R.PARTY_SECRETARY},
    Capability.EDIT_PARTY: OFFICES | {R.PARTY_SECRETARY},
    Capability.VIEW_CASES: DESK | GRID | {R.DEPARTMENT_HANDLER, R.PARTY_SECRETARY},
    Capability.HANDLE_CASES: DESK | GRID | {R.DEPARTMENT_HANDLER},
    Capability.CASE_TASKS: GRID | {R.DEPARTMENT_HANDLER},
    Capability.CASE_DESK: DESK,
    Capability.PATROL: GRID | {R.ADMIN},
    Capability.VIEW_INDICATORS: DESK | {R.PARTY_SECRETARY},
    Capability.RUN_VOLUNTEERING: OFFICES | {R.PARTY_SECRETARY},
    Capability.RUN_CONSULTATIONS: OFFICES,
    Capability.RESIDENT_SERVICES: {R.RESIDENT},
    Capability.VOLUNTEER_SERVICES: {R.VOLUNTEER},
    Capability.RUN_POINTS: OFFICES,
    Capability.VISIT_HOUSEHOLDS: OFFICES | GRID,
    Capability.MANAGE_PAIRINGS: OFFICES | {R.PARTY_SECRETARY},
    Capability.MANAGE_VENUES: OFFICES,
    Capability.BOOK_ROOMS: OFFICES | {R.RESIDENT, R.VOLUNTEER, R.PARTY_SECRETARY},
    Capability.RUN_FIELDWORK: OFFICES,
    Capability.ASSESS: {R.SUBDISTRICT_STAFF, R.DISTRICT_STAFF, R.ADMIN},
    Capability.VIEW_ASSESSMENTS: OFFICES,
    Capability.PUBLISH_BULLETINS: OFFICES,
}


@pytest.mark.parametrize("capability", list(Capability))
def test_it_gives_each_capability_to_the_same_roles_as_before(capability):
    assert roles_with(capability) == EXPECTED[capability]


def test_it_ranks_every_role_and_only_the_administrator_at_the_top():
    assert set(RANK) == set(Role.values)
    assert [r for r in Role.values if RANK[r] == max(RANK.values())] == [R.ADMIN]
    assert RANK[R.COMMUNITY_STAFF] < RANK[R.SUBDISTRICT_STAFF] < RANK[R.DISTRICT_STAFF]


def test_it_names_a_permissions_function_for_every_nav_item_that_is_not_for_everyone():
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            who = item[2]
            if who is not None:
                assert ".permissions." in who and callable(import_string(who)), who
