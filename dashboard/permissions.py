"""Who may see and do what on the dashboard: the app's only place for its rules, each asking
the capability matrix (accounts.access) for a capability on an area."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

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
