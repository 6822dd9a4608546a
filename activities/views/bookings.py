"""Booking pages: the form, the list (one's own; those waiting for one's decision; those of
the venues one manages), a booking with its history and the decisions one may take."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from activities import actions, links, permissions, selectors
from activities.forms import BookingForm, ReasonForm
from activities.models import Booking, BookingStatus
from activities.views.venues import _venue
from activities.workflow import LABELS
from core.http import show_refusal
from core.refusal import Refusal


@login_required
def book(request: Any, pk: int) -> HttpResponse:
    """Ask for a room of the venue."""
    venue = _venue(pk)
    if not permissions.may_ask(request.user):
        raise Http404
    initial = {"room": request.GET.get("room"), "day": request.GET.get("day")}
    form = BookingForm(request.POST or None, venue=venue, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.slot()
        data = form.cleaned_data
        try:
            booking = actions.do_request_booking(
                data["room"],
                starts_at=starts_at,
                ends_at=ends_at,
                purpose=data["purpose"],
                head_count=data["head_count"],
                asker_kind=data["asker_kind"],
                on_behalf_of=data["on_behalf_of"],
                actor=request.user,
            )
        except Refusal as refusal:
            refusal.errors = {  # the slot's fields on the form
                {"starts_at": "start", "ends_at": "end"}.get(k, k): v
                for k, v in refusal.errors.items()
            }
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("Your booking waits for the venue's approval."))
            return HttpResponseRedirect(reverse("activities:booking", args=[booking.pk]))
    return render(request, "activities/book.html", {"venue": venue, "form": form})


@login_required
def index(request: Any) -> HttpResponse:
    user = request.user
    if not permissions.may_use_bookings(user):
        raise Http404
    show = "waiting" if request.GET.get("waiting") else "mine" if request.GET.get("mine") else ""
    if show == "waiting":
        qs = selectors.waiting(user)
    elif show == "mine":
        qs = selectors.mine_ahead(user)
    else:
        qs = selectors.bookings(user).order_by("-starts_at", "-pk")
    return render(
        request,
        "activities/bookings.html",
        {
            "page": Paginator(qs, 30).get_page(request.GET.get("page")),
            "show": show,
            "manages": permissions.may_manage_somewhere(user),
        },
    )


def _booking(user: Any, pk: int) -> Booking:
    found = selectors.bookings(user).select_related("room__venue__area").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def booking(request: Any, pk: int) -> HttpResponse:
    user = request.user
    found = _booking(user, pk)
    holding = found.status in (BookingStatus.REQUESTED, BookingStatus.APPROVED)
    decides = found.status == BookingStatus.REQUESTED and permissions.may_decide(user, found)
    events = [(e, LABELS.get(e.action, e.action)) for e in found.events.select_related("actor")]
    return render(
        request,
        "activities/booking.html",
        {
            "b": found,
            "events": events,
            "decides": decides,
            "cancels": holding and permissions.may_cancel(user, found),
            "own": found.asker_id == user.pk,
            "form": ReasonForm(),
            "held": links.held_for([found], user).get(found.pk),
        },
    )


DECISIONS = {
    "approve": lambda b, user, reason: actions.do_approve_booking(b, actor=user, note=reason),
    "decline": lambda b, user, reason: actions.do_decline_booking(b, actor=user, reason=reason),
    "cancel": lambda b, user, reason: actions.do_cancel_booking(b, actor=user, reason=reason),
}
DONE = {  # lazy: shown in the reader's language
    "approve": gettext_lazy("Booking approved."),
    "decline": gettext_lazy("Booking declined."),
    "cancel": gettext_lazy("Booking cancelled."),
}


@login_required
@require_POST
def decide(request: Any, pk: int, action: str) -> HttpResponse:
    if action not in DECISIONS:
        raise Http404
    found = _booking(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        DECISIONS[action](found, request.user, reason)
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, str(DONE[action]))
    return HttpResponseRedirect(reverse("activities:booking", args=[found.pk]))
