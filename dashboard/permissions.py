"""Who may see and do what on the dashboard: the app's only place for its rules, each asking
the capability matrix (accounts.access) for a capability on an area."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts import access
from accounts.roles import Capability
from cases.indicators import permissions as indicators

# --- The cockpit (驾驶舱) ---------------------------------------------------------------------
# Who sees an area's dashboard is who sees its case indicators: capability `view_indicators`
# (desk staff, grid heads, party secretaries) on the area's subtree. The rule lives once, in
# cases.indicators.permissions; these name it for the dashboard (the menu, pages and API).


def may_see_cockpit(user: Any, area_code: str | None = None) -> bool:
    """The dashboard anywhere (the menu item and the home line), or of the area `area_code`."""
    return indicators.may_see(user, area_code)


def cockpit_codes(user: Any) -> list[str]:
    """The widest areas whose dashboard the user opens (their own areas, highlighted)."""
    return indicators.top_codes(user)


# ---------------------------------------------------------------------------------------
# Assessment (考核): the subdistrict and district offices (`assess`) compute, adjust, review
# and publish the assessments of their area and decide appeals; a community office
# (`view_assessments`) sees the published rows of its community; a grid worker sees their
# own published rows and appeals against them.


def _prefixes(code: str) -> list[str]:
    return [code[:n] for n in range(1, len(code) + 1)]


def may_assess(user: Any, area_code: str) -> bool:
    """May `user` compute, adjust, review and publish the assessment of this area, and decide
    its appeals?"""
    return access.can(user, Capability.ASSESS, area_code)


def assess_q(user: Any, field: str) -> Q:
    """A filter on `field` (a path to an area code) for the areas the user assesses."""
    return access.scope_q(user, field, Capability.ASSESS)


def is_assessor(user: Any) -> bool:
    return access.anywhere(user, Capability.ASSESS)


def sees_assessments(user: Any) -> bool:
    """The menu's 考核 item: assessors, offices that see rankings, and posted grid workers."""
    return (
        access.anywhere(user, Capability.ASSESS)
        or access.anywhere(user, Capability.VIEW_ASSESSMENTS)
        or is_assessed(user)
    )


def is_assessed(user: Any) -> bool:
    """A grid worker (the grid roles, who patrol): someone who may have rows of their own."""
    return access.holds(user, Capability.PATROL)


def assessments_visible_to(user: Any) -> Q:
    """Assessments of the user's `assess` areas (any status); published ones above or within
    a `view_assessments` area; published ones holding a row of the user's own."""
    q = access.scope_q(user, "area__code", Capability.ASSESS)
    published = Q(status="published")
    for code in access.area_codes(user, Capability.VIEW_ASSESSMENTS):
        q |= published & (Q(area__code__startswith=code) | Q(area__code__in=_prefixes(code)))
    if user is not None and user.is_authenticated:
        from dashboard.models import AssessmentRow

        q |= published & Q(pk__in=AssessmentRow.objects.filter(user=user).values("assessment_id"))
    return q


def rows_visible_to(user: Any) -> Q:
    """Rows of the user's `assess` areas; published rows of a `view_assessments` area's
    grids; the user's own published rows."""
    q = access.scope_q(user, "assessment__area__code", Capability.ASSESS)
    published = Q(assessment__status="published")
    view = access.scope_q(user, "community__code", Capability.VIEW_ASSESSMENTS)
    q |= published & view
    if user is not None and user.is_authenticated:
        q |= published & Q(user=user)
    return q


def appeals_visible_to(user: Any) -> Q:
    """Appeals on rows of the user's `assess` areas, and the user's own."""
    q = access.scope_q(user, "row__assessment__area__code", Capability.ASSESS)
    if user is not None and user.is_authenticated:
        q |= Q(submitted_by=user)
    return q


def may_appeal(user: Any, row: Any) -> bool:
    """A worker appeals against their own row of a published assessment, while it is the
    current version."""
    return (
        row.user_id is not None
        and row.user_id == getattr(user, "pk", None)
        and row.assessment.status == "published"
    )


def may_decide_appeal(user: Any, appeal: Any) -> bool:
    """The assessing office decides, never the one who appealed."""
    return appeal.submitted_by_id != getattr(user, "pk", None) and may_assess(
        user, appeal.row.assessment.area.code
    )


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
