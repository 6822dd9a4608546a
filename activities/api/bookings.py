"""Bookings in the API: ask, list, one booking with its history, approve, decline, cancel.
A booking is seen by its asker and the venue's managers; 404 for others."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from activities import actions, permissions, selectors
from activities.api import router
from activities.api.schemas import (
    BookingDecisionIn,
    BookingDetailOut,
    BookingIn,
    BookingPage,
    BookingReasonIn,
    Status_,
)
from activities.models import Booking, Room
from core.paging import page_param, page_size_param, paginate
from core.refusal import Invalid, NotFound
from core.schemas import errors

MOVE_ERRORS = errors(400, 403, 404, 409)


def _booking(request: HttpRequest, booking_id: int) -> Booking:
    found = selectors.bookings(request.user).filter(pk=booking_id).first()
    if found is None:
        raise NotFound(_("No such booking."))
    return found


def _detail(request: HttpRequest, booking_id: int) -> Booking:
    b = _booking(request, booking_id)
    user = request.user
    b.may_decide = b.status == "requested" and permissions.may_decide(user, b)  # type: ignore[attr-defined]
    b.may_cancel = b.status in ("requested", "approved") and permissions.may_cancel(user, b)  # type: ignore[attr-defined]
    return b


@router.get("/bookings", response={200: BookingPage, **errors(400)})
def list_bookings(
    request: HttpRequest,
    waiting: bool = False,
    mine: bool = False,
    status: Status_ | None = None,
    venue: int | None = None,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """The caller's bookings and those of the venues they manage; `waiting` those waiting for
    the caller's decision, `mine` the caller's own that still hold their room."""
    user = request.user
    if waiting:
        qs = selectors.waiting(user)
    elif mine:
        qs = selectors.mine_ahead(user)
    else:
        qs = selectors.bookings(user).order_by("-starts_at", "-pk")
    if status is not None:
        qs = qs.filter(status=status)
    if venue is not None:
        qs = qs.filter(room__venue_id=venue)
    return paginate(qs, page, page_size)


@router.post("/bookings", response={201: BookingDetailOut, **errors(400, 403, 404, 409)})
def ask_booking(request: HttpRequest, data: BookingIn) -> Any:
    """Ask for a room for a slot within the venue's opening hours, in the future, for at most
    the room's capacity; it waits for a manager's approval."""
    room = Room.objects.filter(pk=data.room_id).first()
    if room is None:
        raise Invalid(_("No such room."), "room_id")
    b = actions.do_request_booking(
        room,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        purpose=data.purpose,
        head_count=data.head_count,
        asker_kind=data.asker_kind,
        on_behalf_of=data.on_behalf_of,
        actor=request.user,
    )
    return Status(201, _detail(request, b.pk))


@router.get("/bookings/{booking_id}", response={200: BookingDetailOut, **errors(404)})
def booking_detail(request: HttpRequest, booking_id: int) -> Any:
    return _detail(request, booking_id)


@router.post("/bookings/{booking_id}/approve", response={200: BookingDetailOut, **MOVE_ERRORS})
def approve_booking(request: HttpRequest, booking_id: int, data: BookingDecisionIn) -> Any:
    """A manager approves; refused (409) when an approved booking of the room overlaps."""
    actions.do_approve_booking(_booking(request, booking_id), note=data.note, actor=request.user)
    return _detail(request, booking_id)


@router.post("/bookings/{booking_id}/decline", response={200: BookingDetailOut, **MOVE_ERRORS})
def decline_booking(request: HttpRequest, booking_id: int, data: BookingReasonIn) -> Any:
    """A manager declines, with the reason."""
    actions.do_decline_booking(
        _booking(request, booking_id), reason=data.reason, actor=request.user
    )
    return _detail(request, booking_id)


@router.post("/bookings/{booking_id}/cancel", response={200: BookingDetailOut, **MOVE_ERRORS})
def cancel_booking(request: HttpRequest, booking_id: int, data: BookingReasonIn) -> Any:
    """The asker withdraws; a manager calls it off with the reason."""
    actions.do_cancel_booking(_booking(request, booking_id), reason=data.reason, actor=request.user)
    return _detail(request, booking_id)
