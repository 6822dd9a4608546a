"""The primitive under every app's permissions.py: where a user holds a capability.

A role assignment on an area reaches that area's whole subtree, with the capabilities the
matrix (accounts.roles) gives the role. Area codes are hierarchical (a child's code starts
with its parent's), so a subtree is a code prefix and every check is one indexed `startswith`.
An administrator holds every area capability everywhere.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from accounts.roles import CAPABILITIES, RANK, Role


def _assignments(user: Any) -> list[tuple[str, str]]:
    cached = getattr(user, "_linli_assignments", None)
    if cached is None:
        cached = list(user.role_assignments.values_list("role", "area__code"))
        user._linli_assignments = cached
    return cached


def area_codes(user: Any, capability: str | None = None) -> list[str]:
    """The codes of the areas where `user` holds a role with `capability` (any role for None)."""
    if user is None or not user.is_authenticated:
        return []
    codes = {
        code
        for role, code in _assignments(user)
        if capability is None or capability in CAPABILITIES.get(role, ())
    }
    # Drop codes already covered by a shorter one.
    return sorted(c for c in codes if not any(c != o and c.startswith(o) for o in codes))


def office_codes(user: Any, capability: str) -> list[str]:
    """Like `area_codes`, but each role's codes on their own, so an office keeps its level
    under a higher office the same user holds (community staff who are also subdistrict
    staff); the administrator role aside (it acts everywhere)."""
    if user is None or not user.is_authenticated:
        return []
    per_role: dict[str, set[str]] = {}
    for role, code in _assignments(user):
        if role != Role.ADMIN and capability in CAPABILITIES.get(role, ()):
            per_role.setdefault(role, set()).add(code)
    return [
        c
        for codes in per_role.values()
        for c in sorted(codes)
        if not any(c != o and c.startswith(o) for o in codes)
    ]


def is_admin(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser) or any(role == Role.ADMIN for role, _c in _assignments(user))


def holds(user: Any, capability: str) -> bool:
    """Does `user` hold `capability` on some area? The navigation asks this: a role's own
    capabilities only, so an administrator is not shown a resident's pages (a superuser is
    shown everything)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(capability in CAPABILITIES.get(role, ()) for role, _code in _assignments(user))


def anywhere(user: Any, capability: str) -> bool:
    """May `user` act with `capability` on some area (an administrator everywhere)?"""
    return is_admin(user) or bool(area_codes(user, capability))


def scope_q(user: Any, field: str, capability: str | None = None) -> Q:
    """A filter on `field` (a path to an area code) for what `user` may reach."""
    if is_admin(user):
        # Everything, and it stays so when OR-ed with another filter (an empty Q() would vanish).
        return ~Q(pk__in=[])
    codes = area_codes(user, capability)
    if not codes:
        return Q(pk__in=[])
    q = Q()
    for code in codes:
        q |= Q(**{f"{field}__startswith": code})
    return q


def can(user: Any, capability: str | None, area_code: str) -> bool:
    """May `user` act with `capability` on the area with `area_code`?"""
    if is_admin(user):
        return True
    return any(area_code.startswith(code) for code in area_codes(user, capability))


def rank_on(user: Any, capability: str, area_code: str) -> int:
    """The highest rank (accounts.roles.RANK) among the user's roles that hold `capability` on
    an area containing `area_code`; -1 for none."""
    if is_admin(user):
        return RANK[Role.ADMIN]
    if user is None or not user.is_authenticated:
        return -1
    return max(
        (
            RANK[role]
            for role, code in _assignments(user)
            if area_code.startswith(code) and capability in CAPABILITIES.get(role, ())
        ),
        default=-1,
    )


def require(user: Any, capability: str | None, area_code: str) -> None:
    """404, not 403, for what a user may not reach, so nothing leaks its existence."""
    if not can(user, capability, area_code):
        raise Http404
