"""Order actions: 点单 request → 下单 publish → 接单 take → check in/out → confirm and rate.

Each moves the order through `volunteering.workflow.ORDERS` with `core.workflow.move`, which
locks, checks, saves and writes the history, audit entry and notices."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from areas.models import Area
from core import audit
from core.i18n import site_language, stored
from core.notify import notify
from core.timeutil import now
from core.workflow import Notice, move
from volunteering import permissions, selectors
from volunteering.actions.common import award, clean_point, clean_text, refuse, require_staff
from volunteering.models import Order, OrderEvent, OrderStatus, ServiceItem, Team, Volunteer

QUARTER = Decimal("0.25")


def _url(order: Order) -> str:
    return f"/volunteering/orders/{order.pk}/"


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _staff_users(community: Area) -> list[User]:
    from accounts.roles import Role

    return list(
        User.objects.filter(
            role_assignments__role=Role.COMMUNITY_STAFF,
            role_assignments__area=community,
            is_active=True,
        ).distinct()[:20]
    )


def service_hours(checked_in: dt.datetime, checked_out: dt.datetime) -> Decimal:
    """Hours on site to the nearest quarter, at least a quarter, at most LINLI_ORDER_MAX_HOURS
    (a forgotten check-out must not credit a week)."""
    seconds = Decimal((checked_out - checked_in).total_seconds())
    hours = (seconds / 3600 / QUARTER).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * QUARTER
    cap = Decimal(str(getattr(settings, "LINLI_ORDER_MAX_HOURS", 8)))
    return min(max(hours, QUARTER), cap)


@transaction.atomic
def do_request_order(
    *,
    requester: User,
    title: str = "",
    description: str = "",
    service: ServiceItem | None = None,
    address: str = "",
    lon: Any = None,
    lat: Any = None,
    wanted_at: dt.datetime | None = None,
    actor: User,
) -> Order:
    """点单: a resident asks from the menu or in free text, in their own community."""
    community = selectors.home_community(requester)
    if community is None:
        raise refuse(_("Only residents registered in a community can request a service."), 403)
    if actor.pk != requester.pk:
        require_staff(actor, community.code)
    if service is not None:
        if service.community_id != community.pk or not service.active:
            raise refuse(_("This service is not on your community's menu."), 400)
        title = title.strip() or service.title
    title = clean_text(title, _("Title"), max_length=100)
    description = clean_text(description, _("Description"), required=False, max_length=2000)
    x, y = clean_point(lon, lat, required=False)
    resident = getattr(requester, "resident", None)
    if x is None and resident is not None:
        building = resident.household.building
        x, y = building.lon, building.lat
    if not address and resident is not None:
        address = resident.household.address
    if wanted_at is not None and wanted_at < now() - dt.timedelta(hours=1):
        raise refuse(_("The wanted time is in the past."), 400)
    order = Order.objects.create(
        community=community,
        requester=requester,
        service=service,
        title=title,
        description=description,
        address=clean_text(address, _("Address"), required=False, max_length=200),
        lon=x,
        lat=y,
        wanted_at=wanted_at,
    )
    OrderEvent.objects.create(
        order=order,
        event="request",
        to_status=order.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor, "volunteering.order.request", order, {"title": title})
    with site_language():
        notify(
            _staff_users(community),
            _("New service request: %(title)s") % {"title": title},
            description[:200],
            _url(order),
        )
    return order


@transaction.atomic
def do_publish_order(order: Order, *, team: Team | None = None, actor: User) -> Order:
    """下单: staff of the order's community publish it to one of its teams or to all."""
    require_staff(actor, order.community.code)
    order = _locked(order)
    if team is not None and (team.community_id != order.community_id or not team.active):
        raise refuse(_("Choose an active team of the order's community."), 400)
    if team is not None:
        users = [m.volunteer.user for m in team.memberships.select_related("volunteer__user")]
    else:
        users = [
            v.user
            for v in Volunteer.objects.filter(
                community=order.community, active=True, user__isnull=False
            ).select_related("user")[:200]
        ]
    return move(
        order,
        "publish",
        actor,
        changes={"team": team, "published_at": now()},
        note=str(team or _("all volunteers")),
        audit_changes={"team": team.pk if team else None},
        notices=[
            Notice(
                users,
                gettext_lazy("New order to take: %(title)s"),
                order.address,
                "/volunteering/open/",
                {"title": order.title},
            ),
            Notice(
                [order.requester],
                gettext_lazy("Your request was published"),
                order.title,
                _url(order),
            ),
        ],
        locked=True,
    )


@transaction.atomic
def do_reject_order(order: Order, *, reason: str, actor: User) -> Order:
    require_staff(actor, order.community.code)
    reason = clean_text(reason, _("Reason"), max_length=500)
    return move(
        order,
        "reject",
        actor,
        note=reason,
        audit_changes={"reason": reason},
        notices=[
            Notice(
                [order.requester],
                gettext_lazy("Your request was not accepted"),
                reason,
                _url(order),
            )
        ],
    )


@transaction.atomic
def do_take_order(order: Order, *, actor: User) -> Order:
    """接单: the first volunteer wins. The order's row is locked: the others wait, then find it
    taken and are told it is gone; nothing of theirs is stored."""
    volunteer = selectors.volunteer_for(actor)
    if volunteer is None:
        raise refuse(_("Register as a volunteer to take orders."), 403)
    order = _locked(order)
    if not permissions.volunteer_reaches(volunteer, order):
        raise refuse(_("Not found."), 404)
    if order.requester_id == actor.pk:
        raise refuse(_("You cannot take your own request."), 409)
    if order.taker_id == volunteer.pk:
        raise refuse(_("You have already taken this order."), 409)
    if order.status in (OrderStatus.TAKEN, OrderStatus.IN_PROGRESS, OrderStatus.FINISHED):
        raise refuse(_("Someone else has already taken this order."), 409)
    return move(
        order,
        "take",
        actor,
        changes={"taker": volunteer, "taken_at": now()},
        extra={"volunteer": volunteer},
        audit_changes={"taker": volunteer.pk},
        notices=[
            Notice(
                [order.requester],
                gettext_lazy("A volunteer is coming: %(name)s"),
                order.title,
                _url(order),
                {"name": volunteer.name},
            )
        ],
        locked=True,
    )


@transaction.atomic
def do_assign_order(order: Order, *, volunteer: Volunteer, actor: User) -> Order:
    """Staff hand a published order to a volunteer, or reassign a taken one."""
    require_staff(actor, order.community.code)
    order = _locked(order)
    if not volunteer.active or volunteer.user_id is None:
        raise refuse(_("This volunteer has no active account."), 400)
    if not permissions.volunteer_reaches(volunteer, order) and not permissions.is_staff_for(
        actor, volunteer.community.code
    ):
        raise refuse(_("Not found."), 404)
    previous = order.taker
    notices = [
        Notice(
            [volunteer.user], gettext_lazy("An order was assigned to you"), order.title, _url(order)
        )
    ]
    if previous is not None and previous.user_id:
        notices.append(
            Notice(
                [previous.user], gettext_lazy("An order was reassigned"), order.title, _url(order)
            )
        )
    return move(
        order,
        "assign",
        actor,
        changes={"taker": volunteer, "taken_at": now()},
        note=stored(gettext_lazy("from %(name)s"), name=previous.name) if previous else "",
        extra={"volunteer": volunteer},
        audit_changes={"taker": [previous.pk if previous else None, volunteer.pk]},
        notices=notices,
        locked=True,
    )


def _require_taker(order: Order, actor: User) -> Volunteer:
    if order.taker_id is None or order.taker.user_id != actor.pk:  # type: ignore[union-attr]
        raise refuse(_("Only the volunteer who took this order can do this."), 403)
    return order.taker  # type: ignore[return-value]


@transaction.atomic
def do_release_order(order: Order, *, reason: str = "", actor: User) -> Order:
    """The volunteer gives a taken order back to the board."""
    order = _locked(order)
    volunteer = _require_taker(order, actor)
    return move(
        order,
        "release",
        actor,
        changes={"taker": None, "taken_at": None},
        note=reason.strip()[:500],
        extra={"volunteer": volunteer},
        audit_changes={"taker": [volunteer.pk, None]},
        notices=[
            Notice(
                _staff_users(order.community),
                gettext_lazy("An order is back on the board"),
                order.title,
                _url(order),
            )
        ],
        locked=True,
    )


@transaction.atomic
def do_mark_no_show(order: Order, *, reason: str = "", actor: User) -> Order:
    """Staff record that the volunteer did not turn up; the order goes back on the board."""
    require_staff(actor, order.community.code)
    order = _locked(order)
    volunteer = order.taker
    notices = []
    if volunteer is not None and volunteer.user_id:
        notices.append(
            Notice(
                [volunteer.user],
                gettext_lazy("You were recorded as a no-show"),
                order.title,
                _url(order),
            )
        )
    return move(
        order,
        "no_show",
        actor,
        changes={"taker": None, "taken_at": None},
        note=reason.strip()[:500],
        extra={"volunteer": volunteer},
        audit_changes={"taker": [volunteer.pk if volunteer else None, None]},
        notices=notices,
        locked=True,
    )


@transaction.atomic
def do_check_in(order: Order, *, lon: Any, lat: Any, actor: User) -> Order:
    """The taker arrives: the time and place are recorded."""
    order = _locked(order)
    volunteer = _require_taker(order, actor)
    x, y = clean_point(lon, lat, required=True)
    return move(
        order,
        "check_in",
        actor,
        changes={"checked_in_at": now(), "check_in_lon": x, "check_in_lat": y},
        extra={"volunteer": volunteer, "lon": x, "lat": y},
        audit_changes={"lon": x, "lat": y},
        locked=True,
    )


@transaction.atomic
def do_check_out(order: Order, *, lon: Any, lat: Any, note: str = "", actor: User) -> Order:
    """The taker leaves: hours on site are computed; the resident is asked to confirm.
    Checking out before checking in is refused by the transition table."""
    order = _locked(order)
    volunteer = _require_taker(order, actor)
    x, y = clean_point(lon, lat, required=True)
    at = now()
    # Checked in or not, the table decides first (a missing check-in is refused by it).
    hours = service_hours(order.checked_in_at, at) if order.checked_in_at else None
    return move(
        order,
        "check_out",
        actor,
        changes={"checked_out_at": at, "check_out_lon": x, "check_out_lat": y, "hours": hours},
        note=note[:500],
        extra={"volunteer": volunteer, "lon": x, "lat": y},
        audit_changes={"hours": str(hours)},
        notices=[
            Notice(
                [order.requester],
                gettext_lazy("Please confirm and rate the service"),
                order.title,
                _url(order),
            )
        ],
        locked=True,
    )


@transaction.atomic
def do_confirm_order(order: Order, *, rating: Any, comment: str = "", actor: User) -> Order:
    """The resident confirms and rates (1–5), or staff record the rating the resident gave
    by phone; the volunteer's hours count and points are credited per hour (activity
    volunteer_order)."""
    if order.requester_id != actor.pk and not permissions.is_staff_for(actor, order.community.code):
        raise refuse(_("Only the resident who asked can confirm."), 403)
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise refuse(_("Rate the service from 1 to 5 stars."), 400)
    comment = clean_text(comment, _("Comment"), required=False, max_length=1000)
    order = _locked(order)
    taker = order.taker
    notices = []
    if taker is not None and taker.user_id:
        notices.append(
            Notice(
                [taker.user],
                gettext_lazy("Service confirmed: %(hours)s hours"),
                gettext_lazy("Rating: %(n)d/5"),
                _url(order),
                {"hours": order.hours, "n": rating},
            )
        )
    if rating <= 2:
        notices.append(
            Notice(
                _staff_users(order.community),
                gettext_lazy("A low rating needs a look: %(title)s"),
                comment,
                _url(order),
                {"title": order.title},
            )
        )
    move(
        order,
        "confirm",
        actor,
        changes={"rating": rating, "comment": comment, "confirmed_at": now()},
        note=comment,
        extra={"volunteer": taker},
        audit_changes={"rating": rating},
        notices=notices,
        locked=True,
    )
    assert taker is not None
    award(
        taker.user,
        "volunteer_order",
        order.hours or QUARTER,
        "volunteering.order",
        str(order.pk),
        actor,
        subject=order.title,
    )
    return order


@transaction.atomic
def do_cancel_order(order: Order, *, reason: str, actor: User) -> Order:
    """The resident (before the volunteer is on site) or staff cancel."""
    if order.requester_id != actor.pk:
        require_staff(actor, order.community.code)
    reason = clean_text(reason, _("Reason"), max_length=500)
    order = _locked(order)
    others = [
        u
        for u in (order.requester, order.taker.user if order.taker else None)
        if u and u.pk != actor.pk
    ]
    return move(
        order,
        "cancel",
        actor,
        note=reason,
        extra={"volunteer": order.taker},
        audit_changes={"reason": reason},
        notices=[
            Notice(
                others,
                gettext_lazy("An order was cancelled"),
                f"{order.title}: {reason}",
                _url(order),
            )
        ],
        locked=True,
    )
