"""Who may see and do what in volunteer services: the volunteering app's only rules, asking
the capability matrix (accounts.roles) through accounts.access.

- Staff (capability `run_volunteering`: community and higher offices, party secretaries) run
  the services of the communities in their subtree: `staff_q`, `is_staff_for`.
- A resident orders services and joins community events (`resident_services`); a volunteer
  takes orders (`volunteer_services`), those of their community and their teams.
- What a user sees: one queryset rule per model (`orders_visible_to`, `wishes_visible_to`,
  `events_visible_to`) and the per-object check derived from it (`can_view_*`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts import access
from accounts.roles import Capability

C = Capability


def staff_q(user: Any, field: str) -> Q:
    """A filter on `field` (a path to an area code) for the areas the user runs."""
    return access.scope_q(user, field, C.RUN_VOLUNTEERING)


def is_staff_for(user: Any, area_code: str) -> bool:
    return access.can(user, C.RUN_VOLUNTEERING, area_code)


def is_any_staff(user: Any) -> bool:
    """Does the user run volunteer services anywhere (the staff pages and their nav item)?"""
    return access.anywhere(user, C.RUN_VOLUNTEERING)


def may_order_services(user: Any) -> bool:
    """The service menu, one's own orders and the community events (nav items)."""
    return access.holds(user, C.RESIDENT_SERVICES)


def may_take_orders(user: Any) -> bool:
    """The open orders a volunteer may take (nav item)."""
    return access.holds(user, C.VOLUNTEER_SERVICES)


def may_see_hours(user: Any) -> bool:
    """One's own service hours: volunteers and residents (nav item)."""
    return may_order_services(user) or may_take_orders(user)


def volunteer_reaches(volunteer: Any, order: Any) -> bool:
    """May this volunteer take `order`? A team order is for its members only; an open one
    for the volunteers of its community."""
    from volunteering.selectors import team_ids

    if order.team_id is not None:
        return order.team_id in team_ids(volunteer)
    return order.community_id == volunteer.community_id


def orders_visible_to(user: Any) -> QuerySet[Any]:
    """Orders the user requested, runs (staff), took, or may take (published ones of their
    community and teams)."""
    from volunteering.models import Order, OrderStatus
    from volunteering.selectors import team_ids, volunteer_for

    q = Q(requester=user) | staff_q(user, "community__code")
    volunteer = volunteer_for(user)
    if volunteer is not None:
        q |= Q(taker=volunteer)
        q |= Q(status=OrderStatus.PUBLISHED) & (
            Q(team_id__in=team_ids(volunteer))
            | Q(team__isnull=True, community_id=volunteer.community_id)
        )
    return Order.objects.filter(q)


def wishes_visible_to(user: Any) -> QuerySet[Any]:
    """The wall shows wishes of the user's own community (staff: their areas); claimed and
    finished wishes stay visible to their claimer."""
    from party.models import PartyMember
    from volunteering.models import MicroWish
    from volunteering.selectors import home_community, volunteer_for

    q = staff_q(user, "community__code") | Q(claimed_by=user)
    community = home_community(user)
    volunteer = volunteer_for(user)
    member = PartyMember.objects.filter(user=user).select_related("organisation__area").first()
    codes = set()
    if community is not None:
        codes.add(community.code)
    if volunteer is not None:
        codes.add(volunteer.community.code)
    if member is not None:
        if member.home_community_id:
            codes.add(member.home_community.code)  # type: ignore[union-attr]
        codes.add(member.organisation.area.code[:12])
    for code in codes:
        q |= Q(community__code__startswith=code)
    return MicroWish.objects.filter(q)


def events_visible_to(user: Any) -> QuerySet[Any]:
    """Events of the user's home community, and of the areas they run."""
    from volunteering.models import CommunityEvent
    from volunteering.selectors import home_community

    q = staff_q(user, "community__code")
    community = home_community(user)
    if community is not None:
        q |= Q(community=community)
    return CommunityEvent.objects.filter(q)


def can_view_order(user: Any, order: Any) -> bool:
    return orders_visible_to(user).filter(pk=order.pk).exists()


def can_view_wish(user: Any, wish: Any) -> bool:
    return wishes_visible_to(user).filter(pk=wish.pk).exists()


def can_view_event(user: Any, event: Any) -> bool:
    return events_visible_to(user).filter(pk=event.pk).exists()


def partner_units_q(user: Any) -> Q:
    """Partner units on the areas the user runs, above them (a subdistrict's units serve its
    communities) or below them."""
    if access.is_admin(user):
        return ~Q(pk__in=[])
    q = Q(pk__in=[])
    for code in access.area_codes(user, C.RUN_VOLUNTEERING):
        q |= Q(area__code__startswith=code)
        q |= Q(area__code__in=[code[:n] for n in (6, 9, 12) if n < len(code)])
    return q
