"""Who may draft, see, review, approve and apply division plans (through accounts.access)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts import access
from accounts.roles import STAFF, Role
from areas.division.models import DivisionPlan
from areas.models import Area

REVIEWERS = frozenset({Role.COMMUNITY_STAFF})
APPROVERS = frozenset({Role.SUBDISTRICT_STAFF, Role.DISTRICT_STAFF})


def may_draft(user: Any, area: Area) -> bool:
    return access.can(user, None, area.code, roles=STAFF)


def visible_plans(user: Any) -> Any:
    """Plans on areas the user's staff roles reach, or that reach the user's areas (community
    staff see the subdistrict's plans that cover their community)."""
    qs = DivisionPlan.objects.select_related("area")
    if access.is_admin(user):
        return qs
    codes = access.area_codes(user, roles=STAFF)
    if not codes:
        return qs.none()
    q = Q()
    for code in codes:
        q |= Q(area__code__startswith=code)
        prefixes = {code[:n] for n in range(1, len(code) + 1)}
        q |= Q(area__code__in=prefixes)
    return qs.filter(q)


def may_review(user: Any, community: Area) -> bool:
    return access.can(user, None, community.code, roles=REVIEWERS)


def may_approve(user: Any, plan: DivisionPlan) -> bool:
    return access.can(user, None, plan.area.code, roles=APPROVERS)
