"""Roles and what each may do. A role is held on an area and acts in its subtree."""

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


GRID_WORKERS = frozenset({Role.GRID_WORKER, Role.GRID_WORKER_PART, Role.GRID_HEAD})
STAFF = frozenset({Role.COMMUNITY_STAFF, Role.SUBDISTRICT_STAFF, Role.DISTRICT_STAFF, Role.ADMIN})


class Capability(models.TextChoices):
    VIEW_REGISTERS = "view_registers", _("View registers")
    EDIT_REGISTERS = "edit_registers", _("Edit and import registers")
    REVEAL_PERSONAL = "reveal_personal", _("See full phone and ID numbers (audited)")
    VIEW_PARTY = "view_party", _("View party organisations")
    EDIT_PARTY = "edit_party", _("Edit party organisations")
    MANAGE_USERS = "manage_users", _("Manage accounts and roles")


C = Capability
OFFICE = (
    C.VIEW_REGISTERS,
    C.EDIT_REGISTERS,
    C.REVEAL_PERSONAL,
    C.VIEW_PARTY,
    C.EDIT_PARTY,
    C.MANAGE_USERS,
)
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.RESIDENT: frozenset(),
    Role.VOLUNTEER: frozenset(),
    Role.BUILDING_HEAD: frozenset({C.VIEW_REGISTERS}),
    Role.GRID_WORKER_PART: frozenset({C.VIEW_REGISTERS}),
    Role.GRID_WORKER: frozenset({C.VIEW_REGISTERS, C.REVEAL_PERSONAL}),
    Role.GRID_HEAD: frozenset({C.VIEW_REGISTERS, C.REVEAL_PERSONAL}),
    Role.DEPARTMENT_HANDLER: frozenset(),
    Role.PARTY_SECRETARY: frozenset({C.VIEW_PARTY, C.EDIT_PARTY, C.VIEW_REGISTERS}),
    # Offices give their workers accounts within their own subtree (accounts.actions).
    Role.COMMUNITY_STAFF: frozenset(OFFICE),
    Role.SUBDISTRICT_STAFF: frozenset(OFFICE),
    Role.DISTRICT_STAFF: frozenset(OFFICE),
    Role.ADMIN: frozenset(Capability.values),
}


def roles_with(capability: str) -> frozenset[str]:
    return frozenset(role for role, caps in CAPABILITIES.items() if capability in caps)
