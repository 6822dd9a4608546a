"""Who may see and do what with points and charity stores: the points app's only rules,
asking the capability matrix (accounts.roles) through accounts.access.

- Staff (capability `run_points`: community and higher offices) run the stores of the
  communities in their subtree and adjust the points of the people living there.
- Earning rules and the ledger check are for administrators.
- A redemption is seen by whoever made it and by the staff of its store's community
  (`redemptions_visible_to`, and `can_view_redemption` for one).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts import access
from accounts.roles import Capability

C = Capability


def staff_q(user: Any, field: str) -> Q:
    """A filter on `field` (a path to an area code) for the areas the user runs points in."""
    return access.scope_q(user, field, C.RUN_POINTS)


def is_staff_for(user: Any, area_code: str) -> bool:
    return access.can(user, C.RUN_POINTS, area_code)


def is_points_staff(user: Any) -> bool:
    """The staff pages and their nav item: `run_points` anywhere."""
    return access.anywhere(user, C.RUN_POINTS)


def may_edit_rules(user: Any) -> bool:
    """Earning rules, and the check of the whole ledger: administrators only."""
    return access.is_admin(user)


def sees_every_user(user: Any) -> bool:
    """Totals over every user's points (administrators), not only those of one's areas."""
    return access.is_admin(user)


def may_manage_store(actor: Any, store: Any) -> bool:
    return is_staff_for(actor, store.community.code)


def may_manage_user(actor: Any, user: Any) -> bool:
    """Staff may adjust a user's points when the user lives in an area of their staff role."""
    from points.selectors import home_community_codes

    if access.is_admin(actor):
        return True
    return any(is_staff_for(actor, code) for code in home_community_codes(user))


def redemptions_visible_to(user: Any) -> QuerySet[Any]:
    """One's own redemptions, and those of the stores one runs."""
    from points.models import Redemption

    return Redemption.objects.filter(Q(user=user) | staff_q(user, "store__community__code"))


def can_view_redemption(user: Any, redemption: Any) -> bool:
    return redemption.user_id == user.pk or may_manage_store(user, redemption.store)
