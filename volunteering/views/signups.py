"""The resident's side of sign-up: an event's page with sign-up, cancel and the waiting
position, and the check-in page the organiser's QR opens (or where the code is typed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthedRequest
from core.timeutil import now
from volunteering import actions, permissions
from volunteering.actions.signups import (
    checkin_closes,
    checkin_opens,
    places_taken,
    waiting_position,
)
from volunteering.models import Attendance, CommunityEvent, SignUp, SignUpStatus
from volunteering.views.common import attempt


def _visible(request: AuthedRequest, pk: int) -> CommunityEvent:
    return get_object_or_404(
        permissions.events_visible_to(request.user).select_related(
            "community", "signup_area", "organisation"
        ),
        pk=pk,
    )


def sign_up_state(user: Any, event: CommunityEvent) -> dict[str, object]:
    """What the resident's pages show about their sign-up to `event`."""
    signup = SignUp.objects.filter(event=event, user=user).first()
    moment = now()
    opens = event.signup_opens_at
    return {
        "signup": signup,
        "position": waiting_position(signup) if signup else None,
        "open": bool(
            event.takes_signups
            and not event.cancelled
            and opens is not None
            and opens <= moment < event.signup_closes
        ),
        "not_yet": bool(opens is not None and moment < opens),
        "taken": places_taken(event),
        "checkin_open": not event.cancelled
        and checkin_opens(event) <= moment <= checkin_closes(event),
    }


@login_required
def event_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """One event as a resident sees it: details, their sign-up or the button, check-in."""
    event = _visible(request, pk)
    attendance = Attendance.objects.filter(event=event, user=request.user).first()
    return render(
        request,
        "volunteering/event_resident.html",
        {
            "event": event,
            "attendance": attendance,
            "runs": permissions.runs_event(request.user, event),
            **sign_up_state(request.user, event),
        },
    )


@login_required
@require_POST
def event_sign_up(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _visible(request, pk)
    signup = attempt(request, lambda: actions.do_sign_up(event, actor=request.user), "")
    if signup is not None:
        if signup.status == SignUpStatus.HELD:
            messages.success(request, _("You have a place."))
        else:
            messages.info(
                request,
                _("The places are taken: you are number %(n)d on the waiting list.")
                % {"n": waiting_position(signup) or 0},
            )
    return redirect("volunteering:event_page", pk)


@login_required
@require_POST
def event_cancel_sign_up(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _visible(request, pk)
    attempt(
        request,
        lambda: actions.do_cancel_sign_up(event, actor=request.user),
        _("Your sign-up is cancelled."),
    )
    return redirect("volunteering:event_page", pk)


@login_required
def event_check_in(request: AuthedRequest, pk: int) -> HttpResponse:
    """The QR's address (code in `?code=`) or the typed code: a button checks in (a GET
    changes nothing, so a link preview cannot check anyone in)."""
    event = _visible(request, pk)
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()[:12]
    if request.method == "POST":
        attendance = attempt(
            request,
            lambda: actions.do_check_in_event(event, code=code, actor=request.user),
            _("You are checked in."),
        )
        if attendance is not None:
            return redirect("volunteering:event_page", pk)
    return render(
        request,
        "volunteering/event_check_in.html",
        {
            "event": event,
            "code": code,
            "done": Attendance.objects.filter(event=event, user=request.user).first(),
        },
    )
