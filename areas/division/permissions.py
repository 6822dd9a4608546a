"""Who may draft, see, review, approve and apply division plans: the division's only rules,
asking the capability matrix (accounts.roles) through accounts.access. Offices draft
(`draft_division`), a community's staff review the part of a plan on their community
(`review_division`), subdistrict and district staff approve and apply (`approve_division`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts import access
from accounts.roles import Capability
from areas.division.models import DivisionPlan
from areas.models import Area

C = Capability


def may_divide(user: Any) -> bool:
    """The division pages and their nav item: `draft_division` somewhere."""
    return access.anywhere(user, C.DRAFT_DIVISION)


def may_draft(user: Any, area: Area) -> bool:
    return access.can(user, C.DRAFT_DIVISION, area.code)


def draftable_q(user: Any, field: str = "code") -> Q:
    """Areas (a filter on `field`, a path to an area code) the user may draft plans for."""
    return access.scope_q(user, field, C.DRAFT_DIVISION)


def visible_plans(user: Any) -> Any:
    """Plans on areas the user's staff roles reach, or that reach the user's areas (community
    staff see the subdistrict's plans that cover their community)."""
    qs = DivisionPlan.objects.select_related("area")
    if access.is_admin(user):
        return qs
    codes = access.area_codes(user, C.DRAFT_DIVISION)
    if not codes:
        return qs.none()
    q = Q()
    for code in codes:
        q |= Q(area__code__startswith=code)
        prefixes = {code[:n] for n in range(1, len(code) + 1)}
        q |= Q(area__code__in=prefixes)
    return qs.filter(q)


def may_review(user: Any, community: Area) -> bool:
    return may_review_code(user, community.code)


def may_review_code(user: Any, community_code: str) -> bool:
    return access.can(user, C.REVIEW_DIVISION, community_code)


def may_approve(user: Any, plan: DivisionPlan) -> bool:
    return access.can(user, C.APPROVE_DIVISION, plan.area.code)
