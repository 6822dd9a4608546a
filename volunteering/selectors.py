"""Reads: the boards, hours and in-service progress. Who may see and do what is
volunteering.permissions; a volunteer's reach is their community and their teams."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.roles import Role
from areas.location import metres
from areas.models import Area
from core.home import Line
from core.timeutil import SHANGHAI, now, today
from party.models import PartnerUnit, PartyMember
from volunteering import permissions
from volunteering.models import (
    UNREVIEWED,
    MicroWish,
    Need,
    NeedStatus,
    Order,
    OrderStatus,
    Project,
    ProjectStatus,
    Resource,
    Team,
    Volunteer,
    WishStatus,
)


def required_services() -> int:
    """Services an in-service party member owes their home community a year (双报到)."""
    return int(getattr(settings, "LINLI_IN_SERVICE_REQUIRED_SERVICES", 4))


def staff_communities(user: Any) -> QuerySet[Area]:
    return Area.objects.filter(permissions.staff_q(user, "code"), level="community").order_by(
        "code"
    )


def home_community(user: Any) -> Area | None:
    """The community a user lives in (their resident record), or where they hold a
    resident or volunteer role."""
    if user is None or not user.is_authenticated:
        return None
    resident = getattr(user, "resident", None)
    if resident is not None:
        grid = resident.household.grid
        if grid is not None:
            return grid if grid.level == "community" else grid.parent
    assignment = (
        user.role_assignments.filter(role__in=[Role.RESIDENT, Role.VOLUNTEER])
        .select_related("area__parent")
        .order_by("pk")
        .first()
    )
    if assignment is None:
        return None
    area = assignment.area
    while area is not None and area.level not in ("community", "subdistrict", "district"):
        area = area.parent
    return area if area is not None and area.level == "community" else None


def volunteer_for(user: Any) -> Volunteer | None:
    if user is None or not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user, active=True).select_related("community").first()


def team_ids(volunteer: Volunteer) -> list[int]:
    return list(volunteer.memberships.values_list("team_id", flat=True))


def open_orders_for(volunteer: Volunteer) -> QuerySet[Order]:
    return Order.objects.filter(status=OrderStatus.PUBLISHED).filter(
        Q(team_id__in=team_ids(volunteer))
        | Q(team__isnull=True, community_id=volunteer.community_id)
    )


def volunteer_home_point(volunteer: Volunteer) -> tuple[float, float] | None:
    """Where the volunteer lives: their resident record, or their party member's."""
    resident = volunteer.resident
    if resident is None and volunteer.party_member is not None:
        resident = volunteer.party_member.resident
    if resident is None:
        return None
    building = resident.household.building
    return (building.lon, building.lat)


def near(
    orders: QuerySet[Order], point: tuple[float, float] | None, limit: int = 50
) -> list[tuple[Order, float | None]]:
    """Open orders with their distance from `point`, nearest first (unknown places last)."""
    rows = list(orders.select_related("service", "team")[:500])
    out: list[tuple[Order, float | None]] = []
    for o in rows:
        d = None
        if point is not None and o.lon is not None and o.lat is not None:
            d = metres(point[0], point[1], o.lon, o.lat)
        out.append((o, d))
    out.sort(key=lambda pair: (pair[1] is None, pair[1] or 0, -pair[0].pk))
    return out[:limit]


def hours_of(volunteer: Volunteer, year: int | None = None) -> Decimal:
    qs = volunteer.orders.filter(status=OrderStatus.CONFIRMED)
    if year is not None:
        qs = qs.filter(confirmed_at__year=year)
    return qs.aggregate(h=Sum("hours"))["h"] or Decimal("0")


def wall(user: Any) -> QuerySet[MicroWish]:
    return (
        permissions.wishes_visible_to(user)
        .exclude(status=WishStatus.CANCELLED)
        .select_related("community", "claimer_unit", "claimer_member", "claimed_by")
    )


def in_service_progress(user: Any, year: int, *, behind: bool = False) -> QuerySet[Any]:
    """In-service members registered at a community the user runs, with the year's services:
    confirmed orders they served plus confirmed wishes they claimed."""
    orders = (
        Order.objects.filter(
            taker__party_member=OuterRef("pk"),
            status=OrderStatus.CONFIRMED,
            confirmed_at__year=year,
        )
        .values("taker__party_member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    wishes = (
        MicroWish.objects.filter(
            claimer_member=OuterRef("pk"), status=WishStatus.CONFIRMED, confirmed_at__year=year
        )
        .values("claimer_member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        PartyMember.objects.filter(
            permissions.staff_q(user, "home_community__code"),
            in_service=True,
            home_community__isnull=False,
        )
        .select_related("home_community", "organisation")
        .annotate(
            orders_done=Coalesce(Subquery(orders, output_field=IntegerField()), Value(0)),
            wishes_done=Coalesce(Subquery(wishes, output_field=IntegerField()), Value(0)),
        )
        .annotate(done=F("orders_done") + F("wishes_done"))
        .order_by("home_community__code", "name", "pk")
    )
    if behind:
        qs = qs.filter(done__lt=required_services())
    return cast("QuerySet[Any]", qs)


def partner_units_for(user: Any) -> QuerySet[PartnerUnit]:
    """Partner units on the user's areas, above them (a subdistrict's units serve its
    communities) or below them."""
    return PartnerUnit.objects.filter(permissions.partner_units_q(user))


def staff_orders(user: Any) -> QuerySet[Order]:
    """The orders of the communities a staff member runs (the staff board)."""
    return Order.objects.filter(permissions.staff_q(user, "community__code"))


def staff_wishes(user: Any) -> QuerySet[MicroWish]:
    """The wishes of the communities a staff member runs (the staff's wish list)."""
    return MicroWish.objects.filter(permissions.staff_q(user, "community__code"))


def report_figures(year: int, user: Any, *, area_code: str | None = None) -> dict[str, Any]:
    """The year's figures of the communities the user runs (the staff's yearly report): orders
    by status, confirmed hours and rating, needs, resources, projects, wishes, volunteers and
    teams. With `area_code`, only the communities under that area among them (the dashboard's
    card for the area it shows): never more than the user runs."""
    scope = permissions.staff_q(user, "community__code")
    if area_code is not None:
        scope &= Q(community__code__startswith=area_code)
    orders = Order.objects.filter(scope, created__year=year)
    by_status = dict(orders.values_list("status").annotate(n=Count("pk")).order_by())
    done = orders.filter(status=OrderStatus.CONFIRMED).aggregate(
        hours=Sum("hours"), rating=Avg("rating"), n=Count("pk")
    )
    # Residents' posts count once published (not while awaiting review, nor declined).
    needs = Need.objects.filter(scope).exclude(status__in=UNREVIEWED)
    wishes = MicroWish.objects.filter(scope, created__year=year).exclude(status__in=UNREVIEWED)
    wish_status = dict(wishes.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "orders": sum(by_status.values()),
        "orders_by_status": [(label, by_status.get(v, 0)) for v, label in OrderStatus.choices],
        "confirmed": done["n"],
        "hours": done["hours"] or 0,
        "rating": round(done["rating"], 2) if done["rating"] else None,
        "needs": needs.count(),
        "needs_matched": needs.exclude(status=NeedStatus.OPEN).count(),
        "resources": Resource.objects.filter(scope).count(),
        "projects": Project.objects.filter(scope).count(),
        "projects_done": Project.objects.filter(scope, status=ProjectStatus.COMPLETED).count(),
        "wishes": sum(wish_status.values()),
        "wishes_claimed": sum(
            wish_status.get(s, 0)
            for s in (WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.CONFIRMED)
        ),
        "wishes_confirmed": wish_status.get(WishStatus.CONFIRMED, 0),
        "volunteers": Volunteer.objects.filter(scope, active=True).count(),
        "party_volunteers": Volunteer.objects.filter(
            scope, active=True, party_member__isnull=False
        ).count(),
        "teams": Team.objects.filter(scope, active=True).count(),
    }


# 居民自主发布: residents' own wishes and needs, the staff's review queue and the poster's news.

NEWS_DAYS = 7  # a review is news on the poster's home for this many days


def wishes_to_review(user: Any) -> QuerySet[MicroWish]:
    return staff_wishes(user).filter(status=WishStatus.SUBMITTED)


def needs_to_review(user: Any) -> QuerySet[Any]:
    from volunteering.models import Need, NeedStatus

    return Need.objects.filter(
        permissions.staff_q(user, "community__code"), status=NeedStatus.SUBMITTED
    )


def to_review(user: Any) -> list[Any]:
    """Residents' posts awaiting the user's review, oldest first: (kind, item) pairs."""
    wishes = wishes_to_review(user).select_related("community")
    needs = needs_to_review(user).select_related("community")
    rows = [("wish", w) for w in wishes] + [("need", n) for n in needs]
    return sorted(rows, key=lambda pair: (pair[1].created, pair[0], pair[1].pk))


def my_posts(user: Any, *, news: bool = False) -> list[Any]:
    """The user's own posted wishes and needs, newest first: (kind, item) pairs; `news`: those
    reviewed within NEWS_DAYS."""
    from volunteering.models import Need

    if user is None or not user.is_authenticated:
        return []
    wishes = MicroWish.objects.filter(posted_by=user, submitted_text__gt="")
    needs = Need.objects.filter(created_by=user, submitted_text__gt="")
    if news:
        since = now() - dt.timedelta(days=NEWS_DAYS)
        wishes = wishes.filter(reviewed_at__gte=since)
        needs = needs.filter(reviewed_at__gte=since)
    rows = [("wish", w) for w in wishes.select_related("community")] + [
        ("need", n) for n in needs.select_related("community")
    ]
    return sorted(rows, key=lambda pair: (pair[1].created, pair[1].pk), reverse=True)


def post_lines(user: Any) -> list[Line]:
    """Staff: residents' posts awaiting review; a resident: their posts reviewed lately."""
    lines: list[Line] = []
    if permissions.is_any_staff(user):
        n = wishes_to_review(user).count() + needs_to_review(user).count()
        lines.append(
            Line(
                "volunteering.posts_to_review",
                ngettext(
                    "%(n)d resident's wish or need to review",
                    "%(n)d residents' wishes and needs to review",
                    n,
                )
                % {"n": n},
                n,
                reverse("volunteering:review"),
                "services",
            )
        )
    if permissions.may_post_own(user):
        n = len(my_posts(user, news=True))
        lines.append(
            Line(
                "volunteering.my_post_news",
                ngettext(
                    "%(n)d of your wishes and needs reviewed",
                    "%(n)d of your wishes and needs reviewed",
                    n,
                )
                % {"n": n},
                n,
                reverse("volunteering:my_posts") + "?news=1",
                "services",
            )
        )
    return lines


def event_rooms(user: Any) -> QuerySet[Any]:
    """Rooms open for booking at the venues of the communities the user runs (for events)."""
    from activities.models import Room

    return (
        Room.objects.filter(
            permissions.staff_q(user, "venue__area__code"), active=True, venue__active=True
        )
        .select_related("venue")
        .order_by("venue__area__code", "venue__name", "name")
    )


def held_for(bookings: list[Any], user: Any) -> dict[int, Any]:
    """`activities.links` finder: the events held in these bookings that the user may see."""
    from activities.links import Held

    events = permissions.events_visible_to(user).filter(booking__in=[b.pk for b in bookings])
    return {
        e.booking_id: Held(e.title, reverse("volunteering:event_page", args=[e.pk]))
        for e in events.only("pk", "title", "booking_id")
    }


def events_on(qs: QuerySet[Any], day: dt.date) -> QuerySet[Any]:
    """Events starting on `day` (Asia/Shanghai), not cancelled."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)
    return qs.filter(
        cancelled_at__isnull=True, starts_at__gte=start, starts_at__lt=start + dt.timedelta(1)
    )


def home_lines(user: Any) -> list[Line]:
    """Orders to review and stalled wishes for staff, orders open to take for a volunteer, and
    today's events of the user's community, each counted from the list it links to."""
    from volunteering.actions.wishes import stalled_q

    lines: list[Line] = []
    if permissions.is_any_staff(user):
        n = staff_orders(user).filter(status=OrderStatus.REQUESTED).count()
        lines.append(
            Line(
                "volunteering.orders_to_review",
                ngettext("%(n)d service order to review", "%(n)d service orders to review", n)
                % {"n": n},
                n,
                reverse("volunteering:staff") + f"?status={OrderStatus.REQUESTED}",
                "services",
            )
        )
        n = staff_wishes(user).filter(stalled_q()).count()
        lines.append(
            Line(
                "volunteering.stalled_wishes",
                ngettext("%(n)d micro-wish stalled", "%(n)d micro-wishes stalled", n) % {"n": n},
                n,
                reverse("volunteering:staff_wishes") + "?flag=stalled",
                "services",
                urgent=True,
            )
        )
    volunteer = volunteer_for(user)
    if volunteer is not None:
        n = open_orders_for(volunteer).count()
        lines.append(
            Line(
                "volunteering.orders_open",
                ngettext("%(n)d service order open to take", "%(n)d service orders open to take", n)
                % {"n": n},
                n,
                reverse("volunteering:open"),
                "services",
            )
        )
    n = events_on(permissions.events_visible_to(user), today()).count()
    lines.append(
        Line(
            "volunteering.events_today",
            ngettext("%(n)d community event today", "%(n)d community events today", n) % {"n": n},
            n,
            reverse("volunteering:events") + "?day=today",
            "services",
        )
    )
    return lines


# 双向领办与评价: claims, what may be claimed, and the home page's lines.


def claims(user: Any) -> QuerySet[Any]:
    return permissions.claims_visible_to(user).select_related(
        "community", "need", "project", "member", "partner_unit"
    )


def claim_communities_q(user: Any, field: str = "community") -> Q:
    """The communities where the user may claim: those they run, the one an in-service member
    registered with (双报到), those their workplace's partner unit serves."""
    q = permissions.staff_q(user, f"{field}__code")
    member = permissions.acting_member(user)
    if member is None:
        return q
    if member.in_service and member.home_community_id:
        q |= Q(**{f"{field}_id": member.home_community_id})
    workplace = (member.workplace or "").strip()
    if workplace:
        for code in PartnerUnit.objects.filter(name=workplace).values_list("area__code", flat=True):
            q |= Q(**{f"{field}__code__startswith": code})
            q |= Q(**{f"{field}__code__in": [code[:n] for n in range(1, len(code))]})
    return q


def claimable_needs(user: Any) -> QuerySet[Any]:
    """Open needs the user may claim (or record a claim of)."""
    from volunteering.models import Need, NeedStatus

    return (
        Need.objects.filter(claim_communities_q(user), status=NeedStatus.OPEN)
        .select_related("community")
        .order_by("-created", "-pk")
    )


def claimable_projects(user: Any) -> QuerySet[Any]:
    """Projects under way, claimed by nobody, the user may claim."""
    from volunteering.actions.claims import CLAIMABLE_PROJECTS
    from volunteering.models import Project
    from volunteering.models.claims import HOLDING

    return (
        Project.objects.filter(claim_communities_q(user), status__in=CLAIMABLE_PROJECTS)
        .exclude(claims__status__in=HOLDING)
        .select_related("community")
        .order_by("-created", "-pk")
    )


def claims_to_rate(user: Any) -> QuerySet[Any]:
    """Deliveries waiting for the community's rating, in the communities the user runs (not
    the claims of their own member record)."""
    from volunteering.models import Claim, ClaimStatus

    return Claim.objects.filter(
        permissions.staff_q(user, "community__code"), status=ClaimStatus.DELIVERED
    ).exclude(member__user=user)


def claims_to_deliver(user: Any) -> QuerySet[Any]:
    """Claims the user made or acts for, still to be delivered."""
    from volunteering.models import Claim, ClaimStatus

    return Claim.objects.filter(permissions.acts_for_q(user), status=ClaimStatus.CLAIMED)


def claims_to_rate_as_resident(user: Any) -> QuerySet[Any]:
    """Deliveries in the community the user lives in that they have not rated yet (a resident
    record's; not the claims of their own member record)."""
    from volunteering.models import Claim, ClaimStatus

    resident = getattr(user, "resident", None) if user is not None else None
    grid = resident.household.grid if resident is not None else None
    if grid is None:
        return Claim.objects.none()
    codes = [grid.code[:n] for n in range(1, len(grid.code) + 1)]
    return (
        Claim.objects.filter(
            community__code__in=codes, status__in=[ClaimStatus.DELIVERED, ClaimStatus.RATED]
        )
        .exclude(ratings__resident=resident)
        .exclude(member__resident=resident)
    )


def claim_home_lines(user: Any) -> list[Any]:
    """Home lines: deliveries for the community's staff to rate, claims for the claimant to
    deliver (counted from the lists they link to)."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    from core.home import Line

    if user is None or not user.is_authenticated:
        return []
    url = reverse("volunteering:claims")
    lines = []
    if permissions.is_any_staff(user):
        n = claims_to_rate(user).count()
        lines.append(
            Line(
                "volunteering.claims_to_rate",
                ngettext("%(n)d delivery to rate", "%(n)d deliveries to rate", n) % {"n": n},
                n,
                f"{url}?show=to_rate",
                "services",
            )
        )
    n = claims_to_rate_as_resident(user).count()
    lines.append(
        Line(
            "volunteering.claims_to_rate_as_resident",
            ngettext(
                "%(n)d delivery in your community to rate",
                "%(n)d deliveries in your community to rate",
                n,
            )
            % {"n": n},
            n,
            f"{url}?show=rate_as_resident",
            "services",
        )
    )
    n = claims_to_deliver(user).count()
    lines.append(
        Line(
            "volunteering.claims_to_deliver",
            ngettext("%(n)d claim to deliver", "%(n)d claims to deliver", n) % {"n": n},
            n,
            f"{url}?show=to_deliver",
            "services",
        )
    )
    return lines


def no_shows_of(user: Any) -> int:
    """How often a resident held a place and did not come (every event)."""
    from volunteering.models import SignUp, SignUpStatus

    return SignUp.objects.filter(user=user, status=SignUpStatus.NO_SHOW).count()


def my_events_this_week(user: Any) -> QuerySet[Any]:
    """Events the user holds a place or waits for that start within the coming 7 days."""
    import datetime as dt

    from core.timeutil import now
    from volunteering.models import CommunityEvent, SignUpStatus

    moment = now()
    return CommunityEvent.objects.filter(
        signups__user=user,
        signups__status__in=[SignUpStatus.HELD, SignUpStatus.WAITING],
        cancelled_at__isnull=True,
        ends_at__gt=moment,
        starts_at__lt=moment + dt.timedelta(days=7),
    )


def signed_up_lines(user: Any) -> list[Any]:
    from django.urls import reverse
    from django.utils.translation import ngettext

    from core.home import Line

    if not getattr(user, "is_authenticated", False):
        return []
    n = my_events_this_week(user).count()
    label = ngettext(
        "%(n)d event you signed up for this week",
        "%(n)d events you signed up for this week",
        n,
    ) % {"n": n}
    url = reverse("volunteering:events") + "?mine=week"
    return [Line("volunteering.my_events", label, n, url, group="services")]


def signup_rows(event: Any) -> list[Any]:
    """Every sign-up, waiting ones in their order, each with the resident's no-shows."""
    from volunteering.models import SignUpStatus

    rows = list(
        event.signups.select_related("user")
        .annotate(
            no_shows=Count(
                "user__event_signups", filter=Q(user__event_signups__status=SignUpStatus.NO_SHOW)
            )
        )
        .order_by("queued_at", "pk")
    )
    return rows
