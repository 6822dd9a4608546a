"""The one place that decides what a user may see and change.

A role assignment on an area reaches that area's whole subtree. Area codes are
hierarchical (a child's code starts with its parent's), so a subtree is a code
prefix and every check is one indexed `startswith`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.http import Http404

from accounts.roles import CAPABILITIES, Role


def _assignments(user: Any) -> list[tuple[str, str]]:
    cached = getattr(user, "_linli_assignments", None)
    if cached is None:
        cached = list(user.role_assignments.values_list("role", "area__code"))
        user._linli_assignments = cached
    return cached


def area_codes(
    user: Any, capability: str | None = None, roles: Iterable[str] | None = None
) -> list[str]:
    """The codes of the areas where `user` holds a role with `capability` (or one of `roles`)."""
    if user is None or not user.is_authenticated:
        return []
    wanted = set(roles) if roles is not None else None
    codes = {
        code
        for role, code in _assignments(user)
        if (capability is None or capability in CAPABILITIES.get(role, ()))
        and (wanted is None or role in wanted)
    }
    # Drop codes already covered by a shorter one.
    return sorted(c for c in codes if not any(c != o and c.startswith(o) for o in codes))


def is_admin(user: Any) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or Role.ADMIN in user.role_names())
    )


def scope_q(
    user: Any,
    field: str,
    capability: str | None = None,
    roles: Iterable[str] | None = None,
) -> Q:
    """A filter on `field` (a path to an area code) for what `user` may reach."""
    if is_admin(user):
        # Everything, and it stays so when OR-ed with another filter (an empty Q() would vanish).
        return ~Q(pk__in=[])
    codes = area_codes(user, capability, roles)
    if not codes:
        return Q(pk__in=[])
    q = Q()
    for code in codes:
        q |= Q(**{f"{field}__startswith": code})
    return q


def can(
    user: Any, capability: str | None, area_code: str, roles: Iterable[str] | None = None
) -> bool:
    """May `user` act with `capability` on the area with `area_code`?"""
    if is_admin(user):
        return True
    return any(area_code.startswith(code) for code in area_codes(user, capability, roles))


def require(user: Any, capability: str | None, area_code: str) -> None:
    """404, not 403, for what a user may not reach, so nothing leaks its existence."""
    if not can(user, capability, area_code):
        raise Http404
