"""The one capability matrix: roles, what each may do, and how high each stands.

A role is held on an area and acts in that area's subtree (accounts.access). Apps never ask
for a role by name: each app's `permissions.py` asks for a capability of this matrix, and the
navigation names a capability (or a function of that `permissions.py`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    GRID_WORKER = "grid_worker", _("Grid worker (full-time)")
    GRID_WORKER_PART = "grid_worker_part", _("Grid worker (part-time)")
    GRID_HEAD = "grid_head", _("Grid head")
    BUILDING_HEAD = "building_head", _("Building head")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    SUBDISTRICT_STAFF = "subdistrict_staff", _("Subdistrict staff")
    DISTRICT_STAFF = "district_staff", _("District staff")
    DEPARTMENT_HANDLER = "department_handler", _("Department handler")
    PARTY_SECRETARY = "party_secretary", _("Party secretary")
    VOLUNTEER = "volunteer", _("Volunteer")
    ADMIN = "admin", _("Administrator")


# Postings, not permissions (which are the matrix below): who is posted to a grid (定岗网格),
# and who works in an office; the home page shows a panel per posting.
GRID_WORKERS = frozenset({Role.GRID_WORKER, Role.GRID_WORKER_PART, Role.GRID_HEAD})
OFFICES = frozenset({Role.COMMUNITY_STAFF, Role.SUBDISTRICT_STAFF, Role.DISTRICT_STAFF})


class Capability(models.TextChoices):
    # accounts
    MANAGE_USERS = "manage_users", _("Manage accounts and roles")
    # areas and registers
    VIEW_REGISTERS = "view_registers", _("View registers")
    EDIT_REGISTERS = "edit_registers", _("Edit and import registers")
    REVEAL_PERSONAL = "reveal_personal", _("See full phone and ID numbers (audited)")
    VIEW_AUDIT = "view_audit", _("Read the audit log")
    # division
    DRAFT_DIVISION = "draft_division", _("Draft grid division plans")
    REVIEW_DIVISION = "review_division", _("Review a division plan for a community")
    APPROVE_DIVISION = "approve_division", _("Approve and apply division plans")
    # party
    VIEW_PARTY = "view_party", _("View party organisations")
    EDIT_PARTY = "edit_party", _("Edit party organisations")
    # cases
    VIEW_CASES = "view_cases", _("See every case of the area")
    HANDLE_CASES = "handle_cases", _("Be sent cases and revisit them")
    CASE_TASKS = "case_tasks", _("Work on dispatched cases as a worker")
    CASE_DESK = "case_desk", _("Accept, dispatch, verify and close cases")
    PATROL = "patrol", _("Report from patrols")
    # field work
    VISIT_HOUSEHOLDS = "visit_households", _("Record household visits and see their coverage")
    MANAGE_PAIRINGS = "manage_pairings", _("Pair members and cadres with households and grids")
    # fieldwork
    RUN_FIELDWORK = "run_fieldwork", _("Run screening campaigns and follow field work")
    # indicators
    VIEW_INDICATORS = "view_indicators", _("See case indicators")
    # dashboard
    PUBLISH_BULLETINS = "publish_bulletins", _("Draft and publish bulletins and published results")
    # volunteering
    RUN_VOLUNTEERING = "run_volunteering", _("Run volunteer services")
    RESIDENT_SERVICES = "resident_services", _("Order services and join community events")
    VOLUNTEER_SERVICES = "volunteer_services", _("Take volunteer orders")
    RUN_CONSULTATIONS = "run_consultations", _("Run consultation meetings and hearings")
    # points
    RUN_POINTS = "run_points", _("Run points and charity stores")
    # activities
    MANAGE_VENUES = "manage_venues", _("Keep venues and decide their bookings")
    BOOK_ROOMS = "book_rooms", _("Ask for a room at a venue")
    # dashboard: assessment (考核)
    ASSESS = "assess", _("Assess grids and grid workers, decide their appeals")
    VIEW_ASSESSMENTS = "view_assessments", _("See published assessments and rankings")


C = Capability

# What an office (community, subdistrict, district) does in its subtree. Division review is
# the community's, approval the levels above (added per role below).
OFFICE = frozenset(
    {
        C.MANAGE_USERS,
        C.VIEW_REGISTERS,
        C.EDIT_REGISTERS,
        C.REVEAL_PERSONAL,
        C.VIEW_AUDIT,
        C.DRAFT_DIVISION,
        C.VIEW_PARTY,
        C.EDIT_PARTY,
        C.VIEW_CASES,
        C.HANDLE_CASES,
        C.CASE_DESK,
        C.VIEW_INDICATORS,
        C.RUN_VOLUNTEERING,
        C.RUN_CONSULTATIONS,
        C.RUN_POINTS,
        C.VISIT_HOUSEHOLDS,
        C.MANAGE_PAIRINGS,
        C.MANAGE_VENUES,
        C.BOOK_ROOMS,
        C.RUN_FIELDWORK,
        C.VIEW_ASSESSMENTS,
        C.PUBLISH_BULLETINS,
    }
)
# Capabilities about one's own life or work, not about an area: an administrator does not
# hold them (the navigation shows a resident's pages to residents only).
PERSONAL = frozenset({C.CASE_TASKS, C.RESIDENT_SERVICES, C.VOLUNTEER_SERVICES})
_GRID = frozenset(
    {C.VIEW_REGISTERS, C.VIEW_CASES, C.HANDLE_CASES, C.CASE_TASKS, C.PATROL, C.VISIT_HOUSEHOLDS}
)

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.RESIDENT: frozenset({C.RESIDENT_SERVICES, C.BOOK_ROOMS}),
    Role.VOLUNTEER: frozenset({C.VOLUNTEER_SERVICES, C.BOOK_ROOMS}),
    Role.BUILDING_HEAD: frozenset({C.VIEW_REGISTERS}),
    Role.GRID_WORKER_PART: _GRID,
    Role.GRID_WORKER: _GRID | {C.REVEAL_PERSONAL},
    # A grid head also runs the grid's case desk and sees its indicators.
    Role.GRID_HEAD: _GRID | {C.REVEAL_PERSONAL, C.CASE_DESK, C.VIEW_INDICATORS},
    Role.DEPARTMENT_HANDLER: frozenset({C.VIEW_CASES, C.HANDLE_CASES, C.CASE_TASKS}),
    Role.PARTY_SECRETARY: frozenset(
        {
            C.VIEW_PARTY,
            C.EDIT_PARTY,
            C.VIEW_REGISTERS,
            C.VIEW_CASES,
            C.VIEW_INDICATORS,
            C.RUN_VOLUNTEERING,
            C.MANAGE_PAIRINGS,
            C.BOOK_ROOMS,
        }
    ),
    # Offices give their workers accounts within their own subtree (accounts.actions).
    Role.COMMUNITY_STAFF: OFFICE | {C.REVIEW_DIVISION},
    # The subdistrict and district offices assess the grids and workers of their area; a
    # community office sees its community's published rankings.
    Role.SUBDISTRICT_STAFF: OFFICE | {C.APPROVE_DIVISION, C.ASSESS},
    Role.DISTRICT_STAFF: OFFICE | {C.APPROVE_DIVISION, C.ASSESS},
    Role.ADMIN: frozenset(Capability.values) - PERSONAL,
}

# How high a role stands, for granting: nobody grants a role above their own (a community
# office gives out community and grid roles, a subdistrict office also subdistrict staff).
RANK: dict[str, int] = {
    Role.RESIDENT: 0,
    Role.VOLUNTEER: 0,
    Role.BUILDING_HEAD: 1,
    Role.GRID_WORKER_PART: 1,
    Role.GRID_WORKER: 1,
    Role.GRID_HEAD: 1,
    Role.DEPARTMENT_HANDLER: 2,
    Role.PARTY_SECRETARY: 2,
    Role.COMMUNITY_STAFF: 2,
    Role.SUBDISTRICT_STAFF: 3,
    Role.DISTRICT_STAFF: 4,
    Role.ADMIN: 5,
}


def roles_with(capability: str) -> frozenset[str]:
    """The roles that hold `capability` (for queries over role assignments)."""
    return frozenset(role for role, caps in CAPABILITIES.items() if capability in caps)
