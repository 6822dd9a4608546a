"""Who may manage which accounts and grant which roles: the accounts app's only rules,
asking the capability matrix (accounts.roles) through accounts.access.

A manager holds `manage_users` on an area and acts on that area's subtree only. They grant
a role there only if it stands no higher (accounts.roles.RANK) than their own highest
managing role over that area, so a community office cannot make anyone subdistrict staff;
the administrator role only an administrator grants. Nobody grants a role to themselves or
revokes their own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts import access
from accounts.roles import RANK, Capability, Role

MANAGE = Capability.MANAGE_USERS


def may_manage(actor: Any) -> bool:
    """The account pages and their nav item: `manage_users` somewhere."""
    return access.anywhere(actor, MANAGE)


def manages(actor: Any, area_code: str) -> bool:
    return access.can(actor, MANAGE, area_code)


def managed_q(actor: Any, field: str) -> Q:
    """A filter on `field` (a path to an area code) for the actor's managed subtrees."""
    return access.scope_q(actor, field, MANAGE)


def grantable_roles(actor: Any, area_code: str) -> list[str]:
    """The roles `actor` may grant on the area: none above their own rank there."""
    if not manages(actor, area_code):
        return []
    rank = access.rank_on(actor, MANAGE, area_code)
    return [r for r in Role.values if RANK[r] <= rank]


def role_choices(actor: Any) -> list[str]:
    """The roles the actor may grant on some area they manage (for the forms)."""
    if access.is_admin(actor):
        return list(Role.values)
    found: set[str] = set()
    for code in access.area_codes(actor, MANAGE):
        found |= set(grantable_roles(actor, code))
    return [r for r in Role.values if r in found]


def fully_managed(actor: Any, user: Any) -> bool:
    """May `actor` change the account itself (password, active, unlock its login)? Only if
    every role it holds lies in the actor's subtree and stands no higher than the actor's own
    managing role there (RANK), and it is not an admin site user's account."""
    if access.is_admin(actor):
        return True
    if user.is_superuser or user.is_staff:
        return False
    held = list(user.role_assignments.values_list("role", "area__code"))
    return bool(held) and all(
        manages(actor, code)
        and RANK.get(role, RANK[Role.ADMIN]) <= access.rank_on(actor, MANAGE, code)
        for role, code in held
    )


def may_revoke_admin(actor: Any) -> bool:
    return access.is_admin(actor)
