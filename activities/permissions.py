"""Who may see and do what with venues and their bookings: the activities app's only rules,
asking the capability matrix (accounts.roles) through accounts.access.

- Venues are public places: every signed-in user sees the register, the map and a venue's
  calendar (which shows when a room is taken, not by whom).
- A venue is managed by the staff of its area (`manage_venues` on the venue's area: the
  offices above it) and by the managing unit's contacts: its `keepers` (a partner unit's
  people, or anyone the office names) and the managing party organisation's secretary.
  Managers decide bookings, add photos and see who booked. The register's import asks
  `manage_venues` on the venue's area (its spec's `edit_capability`).
- Residents, volunteers (for their team), party secretaries and the offices ask for a room
  (`book_rooms` somewhere); a venue of any area may be asked for.
- A booking is seen by its asker and by the venue's managers (`bookings_visible_to`,
  `can_view_booking`); 404 for others.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts import access
from accounts.roles import Capability

C = Capability
MANAGE = C.MANAGE_VENUES
BOOK = C.BOOK_ROOMS


def may_ask(user: Any) -> bool:
    """May the user ask for a room (the booking form and its nav item)?"""
    return access.anywhere(user, BOOK)


def managed_venues_q(user: Any, prefix: str = "") -> Q:
    """A filter on venues (through `prefix`, e.g. "room__venue__") the user manages."""
    from activities.models import Venue

    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    kept = Venue.keepers.through.objects.filter(user_id=user.pk).values("venue_id")
    return (
        access.scope_q(user, f"{prefix}area__code", MANAGE)
        | Q(**{f"{prefix}pk__in": kept})
        | Q(**{f"{prefix}organisation__secretary__user": user})
    )


def may_manage_venue(user: Any, venue: Any) -> bool:
    """Staff of the venue's area, its keepers, or its managing organisation's secretary."""
    if user is None or not user.is_authenticated:
        return False
    if access.can(user, MANAGE, venue.area.code):
        return True
    org = venue.organisation if venue.organisation_id else None
    if org is not None and org.secretary_id and org.secretary.user_id == user.pk:
        return True
    return venue.keepers.filter(pk=user.pk).exists()


def may_manage_somewhere(user: Any) -> bool:
    """The staff list of bookings and its nav item."""
    from activities.models import Venue

    if access.anywhere(user, MANAGE):
        return True
    return (
        bool(user and user.is_authenticated)
        and Venue.objects.filter(managed_venues_q(user)).exists()
    )


def bookings_visible_to(user: Any) -> QuerySet[Any]:
    from activities.models import Booking, Venue

    if user is None or not user.is_authenticated:
        return Booking.objects.none()
    managed = Venue.objects.filter(managed_venues_q(user)).values("pk")
    return Booking.objects.filter(Q(asker=user) | Q(room__venue__in=managed))


def can_view_booking(user: Any, booking: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return booking.asker_id == user.pk or may_manage_venue(user, booking.room.venue)


def may_decide(user: Any, booking: Any) -> bool:
    """Approve or decline: a manager of the venue."""
    return may_manage_venue(user, booking.room.venue)


def may_cancel(user: Any, booking: Any) -> bool:
    """The asker withdraws; a manager calls an approved booking off (with the reason)."""
    return booking.asker_id == user.pk or may_manage_venue(user, booking.room.venue)


def managers_of(venue: Any) -> list[Any]:
    """Whom a new booking is told to: the venue's keepers, its organisation's secretary and
    the staff who manage venues on its area (the offices above it, not administrators)."""
    from accounts.models import RoleAssignment, User
    from accounts.roles import Role, roles_with

    code = venue.area.code
    prefixes = [code[:n] for n in range(1, len(code) + 1)]
    staff = RoleAssignment.objects.filter(
        role__in=roles_with(MANAGE) - {Role.ADMIN}, area__code__in=prefixes
    ).values("user_id")
    q = Q(pk__in=staff) | Q(kept_venues=venue)
    if venue.organisation_id and venue.organisation.secretary_id:
        q |= Q(party_member=venue.organisation.secretary)
    return list(User.objects.filter(q, is_active=True).distinct().order_by("pk"))


def may_use_bookings(user: Any) -> bool:
    """The bookings page and its nav item: who asks, or who manages a venue."""
    return may_ask(user) or may_manage_somewhere(user)


# The 15-minute service circle (activities.circle). What lies near is public (venues, service
# points, posts by kind and duty); where someone lives is not: a resident opens the circle
# of their own household only; the staff who see a household in the registers
# (`view_registers`: grid workers, building heads, the offices) open its circle, a point on
# the map, and the coverage of a community they see whole.
CIRCLE_STAFF = C.VIEW_REGISTERS


def own_household(user: Any) -> Any:
    """The user's own household (through their resident record), or None."""
    if user is None or not user.is_authenticated:
        return None
    resident = getattr(user, "resident", None)
    return resident.household if resident is not None else None


def may_circle_point(user: Any) -> bool:
    """May the user open the circle of any point on the map (staff of some area)?"""
    return user is not None and user.is_authenticated and access.anywhere(user, CIRCLE_STAFF)


def circle_area_codes(user: Any) -> list[str]:
    """The areas where the user looks at the circle as staff (the map opens on the first)."""
    return list(access.area_codes(user, CIRCLE_STAFF))


def may_use_circle(user: Any) -> bool:
    """The circle's page and its menu item: a user with a resident record (every resident
    lives in a household: no query for the menu), or staff."""
    if user is None or not user.is_authenticated:
        return False
    return getattr(user, "resident_id", None) is not None or may_circle_point(user)


def may_open_circle(user: Any, household: Any) -> bool:
    """One's own household, or a household one sees in the registers."""
    from areas import permissions as area_permissions

    mine = own_household(user)
    if mine is not None and mine.pk == household.pk:
        return True
    return may_circle_point(user) and area_permissions.can_view_household(user, household)


def coverage_communities_q(user: Any) -> Q:
    """A filter on areas: the communities whose coverage the user sees (staff on the
    community or above it)."""
    return access.scope_q(user, "code", CIRCLE_STAFF)


def may_see_coverage(user: Any) -> bool:
    """The coverage page and its menu item: staff of a community or above it."""
    from areas.models import Area

    if not may_circle_point(user):
        return False
    return Area.objects.filter(level="community").filter(coverage_communities_q(user)).exists()
