"""Who may see and do what on the dashboard: the app's only place for its rules, each asking
the capability matrix (accounts.access) for a capability on an area."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts import access
from accounts.roles import Capability

# --- Bulletins (通报) and published results (成果晾晒) ---------------------------------------
#
# The office of a subdistrict or community (capability `publish_bulletins` on the area: its own
# office and the offices above) drafts, edits and publishes the area's bulletins and sees its
# drafts. A published (or superseded) bulletin is read by the area's staff: whoever holds
# `view_cases` on the area, on an area within it (a grid worker reads the community's) or on
# an area above it. Published results are read by the residents living in the area
# (`party.permissions.home_codes`) and by those who read its bulletins.

BULLETIN_LEVELS = ("subdistrict", "community")


def _related_q(user: Any, field: str, capability: str) -> Q:
    """Rows whose area code (`field`) lies within, or above, an area where `user` holds
    `capability`."""
    if access.is_admin(user):
        return ~Q(pk__in=[])
    codes = access.area_codes(user, capability)
    if not codes:
        return Q(pk__in=[])
    above = sorted({code[:n] for code in codes for n in range(1, len(code))})
    return access.scope_q(user, field, capability) | Q(**{f"{field}__in": above})


def may_publish_bulletin(user: Any, area: Any) -> bool:
    """Draft, edit, pick typical cases, publish and correct the bulletin of `area` (a
    subdistrict or community)."""
    return area.level in BULLETIN_LEVELS and access.can(
        user, Capability.PUBLISH_BULLETINS, area.code
    )


def publishes_bulletins(user: Any) -> bool:
    """An office that drafts bulletins somewhere (the draft form)."""
    return access.anywhere(user, Capability.PUBLISH_BULLETINS)


def bulletins_visible_to(user: Any) -> QuerySet[Any]:
    """Drafts for the area's office; published and superseded versions for the area's staff."""
    from dashboard.bulletins.models import Bulletin, BulletinStatus

    if user is None or not user.is_authenticated:
        return Bulletin.objects.none()
    drafts = Q(status=BulletinStatus.DRAFT) & access.scope_q(
        user, "area__code", Capability.PUBLISH_BULLETINS
    )
    read = ~Q(status=BulletinStatus.DRAFT) & (
        _related_q(user, "area__code", Capability.VIEW_CASES)
        | access.scope_q(user, "area__code", Capability.PUBLISH_BULLETINS)
    )
    return Bulletin.objects.filter(drafts | read)


def reads_bulletins_of(user: Any, area: Any) -> bool:
    """Does `user` read the published bulletins of `area` (its office, its staff)?"""
    if user is None or not user.is_authenticated:
        return False
    if access.is_admin(user) or access.can(user, Capability.PUBLISH_BULLETINS, area.code):
        return True
    return any(
        area.code.startswith(c) or c.startswith(area.code)
        for c in access.area_codes(user, Capability.VIEW_CASES)
    )


def can_view_bulletin(user: Any, bulletin: Any) -> bool:
    """`bulletin in bulletins_visible_to(user)`, for one bulletin."""
    if bulletin.is_draft:
        return access.can(user, Capability.PUBLISH_BULLETINS, bulletin.area.code)
    return reads_bulletins_of(user, bulletin.area)


def may_see_bulletins(user: Any) -> bool:
    """The bulletins page (the menu's item): offices and the staff who read bulletins."""
    return access.anywhere(user, Capability.PUBLISH_BULLETINS) or access.anywhere(
        user, Capability.VIEW_CASES
    )


def home_area_codes(user: Any) -> list[str]:
    """Where the user lives (their resident record's grid, their resident roles)."""
    from party.permissions import home_codes

    return home_codes(user)


def may_read_results(user: Any, area: Any) -> bool:
    """The published results of `area`: its residents, its office and its staff."""
    if area.level not in BULLETIN_LEVELS:
        return False
    if any(code.startswith(area.code) for code in home_area_codes(user)):
        return True
    return reads_bulletins_of(user, area)


def may_see_my_results(user: Any) -> bool:
    """The menu's "published results" item: a resident with a home in some community."""
    return bool(home_area_codes(user))
