"""Who may see and do what in the area tree and its registers (buildings, households,
residents) and the audit log: the areas app's only rules, asking the capability matrix
(accounts.roles) through accounts.access.

A building belongs to its grid, or to its community while it has none; a household to its
grid, or to its building's community while it has none. `households_q` and `residents_q`
are the queryset rules, `household_code` the same rule for one household (a property test
proves they agree).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import access
from accounts.roles import Capability

C = Capability


def may_browse(user: Any) -> bool:
    """The area pages and their nav item: `view_registers` somewhere."""
    return access.anywhere(user, C.VIEW_REGISTERS)


def may(user: Any, capability: str, area_code: str) -> bool:
    """May the user act with `capability` (view, edit, reveal, manage, view party) here?"""
    return access.can(user, capability, area_code)


def require(user: Any, capability: str, area_code: str) -> None:
    """404, not 403, for what a user may not reach, so nothing leaks its existence."""
    if not access.can(user, capability, area_code):
        raise Http404


def scope_q(user: Any, field: str, capability: str = C.VIEW_REGISTERS) -> Q:
    """A filter on `field` (a path to an area code) for the user's reach with `capability`."""
    return access.scope_q(user, field, capability)


def top_codes(user: Any, capability: str = C.VIEW_REGISTERS) -> list[str]:
    """The widest areas the user reaches with `capability` (administrators aside)."""
    return access.area_codes(user, capability)


def sees_everything(user: Any) -> bool:
    return access.is_admin(user)


def building_code(building: Any) -> str:
    return building.grid.code if building.grid_id else building.community.code


def household_code(household: Any) -> str:
    """The area a household belongs to for access: its grid, else its building's community."""
    if household.grid_id:
        return household.grid.code  # type: ignore[no-any-return]
    return household.building.community.code  # type: ignore[no-any-return]


def buildings_q(user: Any, capability: str = C.VIEW_REGISTERS) -> Q:
    return access.scope_q(user, "grid__code", capability) | (
        Q(grid__isnull=True) & access.scope_q(user, "community__code", capability)
    )


def households_q(user: Any, capability: str = C.VIEW_REGISTERS, prefix: str = "") -> Q:
    """The households the user reaches with `capability` (`household_code` in their scope)."""
    return access.scope_q(user, f"{prefix}grid__code", capability) | (
        Q(**{f"{prefix}grid__isnull": True})
        & access.scope_q(user, f"{prefix}building__community__code", capability)
    )


def residents_q(user: Any, capability: str = C.VIEW_REGISTERS) -> Q:
    return households_q(user, capability, prefix="household__")


def households_visible_to(user: Any) -> QuerySet[Any]:
    from areas.models import Household

    return Household.objects.filter(households_q(user))


def residents_visible_to(user: Any) -> QuerySet[Any]:
    from areas.models import Resident

    return Resident.objects.filter(residents_q(user))


def can_view_household(user: Any, household: Any) -> bool:
    return access.can(user, C.VIEW_REGISTERS, household_code(household))


def can_view_resident(user: Any, resident: Any) -> bool:
    return can_view_household(user, resident.household)


def may_read_audit(user: Any) -> bool:
    """The audit log page: `view_audit` somewhere (offices)."""
    return access.anywhere(user, C.VIEW_AUDIT)


def audit_visible_to(user: Any) -> QuerySet[Any]:
    """Audit entries of the areas where the user holds `view_audit`."""
    from core.models import AuditEntry

    return AuditEntry.objects.filter(access.scope_q(user, "area_code", C.VIEW_AUDIT))


def can_view_audit_entry(user: Any, entry: Any) -> bool:
    if access.is_admin(user):
        return True
    return bool(entry.area_code) and access.can(user, C.VIEW_AUDIT, entry.area_code)


def geography_q(user: Any, field: str = "area__code") -> Q:
    """Roads and water bodies the user sees: those kept by an area in their reach with
    `view_registers`, and those kept by an area above it (the town's roads cross every
    community, so a community's staff see the subdistrict's roads)."""
    from areas.models import level_digits, level_names

    if access.is_admin(user):
        return ~Q(pk__in=[])
    widths, total = [], 0
    for name in level_names():
        total += level_digits(name)
        widths.append(total)
    codes = access.area_codes(user, C.VIEW_REGISTERS)
    above = {code[:w] for code in codes for w in widths if w < len(code)}
    return access.scope_q(user, field, C.VIEW_REGISTERS) | Q(**{f"{field}__in": sorted(above)})


def may_edit_geography(user: Any, area_code: str) -> bool:
    """Roads and water bodies are changed by who edits the registers of the area keeping
    them (as the area tree and the buildings are)."""
    return access.can(user, C.EDIT_REGISTERS, area_code)


def may_search(user: Any) -> bool:
    """The search box and page (people and places): `view_registers` somewhere; what it finds
    is scoped by `residents_q`, `households_q` and `buildings_q`."""
    return may_browse(user)


def home_grid(user: Any) -> tuple[str, str] | None:
    """(code, level) of the area the user's resident record's household lies on (a grid, or a
    community without grids), or None: one query, kept on the user for the request — the menu
    asks it on every page (published results, consultation, one's own wishes)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "resident_id", None):
        return None
    if not hasattr(user, "_home_grid"):
        from areas.models import Resident

        row = (
            Resident.objects.filter(pk=user.resident_id)
            .values_list("household__grid__code", "household__grid__level")
            .first()
        )
        user._home_grid = (str(row[0]), str(row[1])) if row is not None and row[0] else None
    return user._home_grid  # type: ignore[no-any-return]
