"""Community events: the staff's list and event page with attendance entry, and the
resident's list of their community's events and what they attended."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthedRequest
from core.timeutil import now, today
from volunteering import actions, permissions, selectors
from volunteering.actions.events import SIGNUP_FIELDS, default_hours
from volunteering.actions.signups import PLACES, checkin_closes, waiting_position
from volunteering.forms import AttendanceForm, CancelEventForm, EventDetailsForm, EventForm
from volunteering.models import Attendance, CommunityEvent, EventKind, SignUp
from volunteering.views.common import attempt, require_staff_page
from volunteering.views.event_lists import checkin_url, lists_of, organised, qr_svg


@login_required
def events(request: AuthedRequest) -> HttpResponse:
    """The resident's community's events: upcoming first, then past, attended ones marked
    (`?day=today`: only today's, the home page's line)."""
    qs = permissions.events_visible_to(request.user).select_related("community")
    which = ""
    if request.GET.get("day") == "today":  # the home page's line counts these
        qs = selectors.events_on(qs, today())
    elif request.GET.get("mine") == "week":
        qs, which = (
            qs.filter(pk__in=selectors.my_events_this_week(request.user).values("pk")),
            "mine",
        )
    moment = now()
    upcoming = list(
        qs.filter(ends_at__gt=moment)
        .annotate(taken=Count("signups", filter=Q(signups__status__in=PLACES)))
        .order_by("starts_at", "pk")[:50]
    )
    mine = {
        s.event_id: s
        for s in SignUp.objects.filter(user=request.user, event_id__in=[e.pk for e in upcoming])
    }
    past = Paginator(qs.filter(ends_at__lte=moment).order_by("-starts_at", "-pk"), 20).get_page(
        request.GET.get("page")
    )
    shown_ids = [e.pk for e in past] + [e.pk for e in upcoming]
    attended = dict(
        Attendance.objects.filter(user=request.user, event_id__in=shown_ids).values_list(
            "event_id", "points"
        )
    )
    return render(
        request,
        "volunteering/events.html",
        {
            "upcoming": [
                (
                    e,
                    mine.get(e.pk),
                    waiting_position(mine[e.pk]) if e.pk in mine else None,
                    attended.get(e.pk),
                )
                for e in upcoming
            ],
            "page": past,
            "rows": [(e, e.pk in attended, attended.get(e.pk, 0)) for e in past],
            "community": selectors.home_community(request.user),
            "which": which,
        },
    )


@login_required
def staff_events(request: AuthedRequest) -> HttpResponse:
    require_staff_page(request)
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        event = attempt(
            request,
            lambda: actions.do_create_event(
                community=d["community"],
                kind=d["kind"],
                title=d["title"],
                place=d["place"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                hours=d["hours"],
                room=d.get("room"),
                actor=request.user,
                **{f: d.get(f) for f in SIGNUP_FIELDS},
            ),
            _("The event is created."),
        )
        if event is not None:
            return redirect("volunteering:event", event.pk)
    qs = (
        CommunityEvent.objects.filter(permissions.staff_q(request.user, "community__code"))
        .select_related("community")
        .annotate(attended=Count("attendances"))
    )
    kind = request.GET.get("kind", "")
    if kind in EventKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by("-starts_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/staff_events.html",
        {"page": page, "form": form, "kind": kind, "kinds": EventKind.choices},
    )


def _staff_event(request: AuthedRequest, pk: int) -> CommunityEvent:
    """An event of the staff's areas (404 for anyone else)."""
    require_staff_page(request)
    return get_object_or_404(
        CommunityEvent.objects.filter(
            permissions.staff_q(request.user, "community__code")
        ).select_related("community", "organiser", "cancelled_by"),
        pk=pk,
    )


@login_required
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The organiser's page: the event, its check-in code and QR, the sign-up lists and
    counts, the attendance, and the entry of one more resident by phone."""
    event = organised(request, pk)
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attendance = attempt(
            request,
            lambda: actions.do_record_attendance(
                event, phone=form.cleaned_data["phone"], actor=request.user
            ),
            "",
        )
        if attendance is not None:
            messages.success(
                request,
                _("%(name)s recorded; %(n)d points credited.")
                % {"name": attendance.user.name, "n": attendance.points},
            )
            return redirect("volunteering:event", pk)
    rows = event.attendances.select_related("user", "recorded_by").order_by("-recorded_at", "-pk")
    url = checkin_url(request, event)
    return render(
        request,
        "volunteering/event.html",
        {
            "event": event,
            "form": form,
            "cancel_form": CancelEventForm(),
            "rows": rows,
            "started": event.starts_at <= now(),
            "staff": permissions.is_staff_for(request.user, event.community.code),
            "checkin_url": url,
            "qr": qr_svg(url) if event.checkin_code and not event.cancelled else "",
            "closed": now() > checkin_closes(event),
            **lists_of(event),
        },
    )


def _details_of(event: CommunityEvent) -> dict[str, Any]:
    hours: Decimal | None = event.hours
    if hours == default_hours(event.starts_at, event.ends_at):
        hours = None  # empty: follows the length when the times change
    return {
        "kind": event.kind,
        "title": event.title,
        "place": event.place,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "hours": hours,
        "signup_opens_at": event.signup_opens_at,
        "signup_closes_at": event.signup_closes_at,
        "capacity": event.capacity,
        "signup_tags": event.signup_tags,
        "room": event.room_id,
    }


@login_required
def event_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff change an event's details while it is still to come."""
    event = _staff_event(request, pk)
    if not event.to_come:
        messages.error(request, _("Only events still to come can be changed."))
        return redirect("volunteering:event", pk)
    form = EventDetailsForm(request.POST or None, initial=_details_of(event))
    form.fields["room"].queryset = selectors.event_rooms(request.user)  # type: ignore[attr-defined]
    if event.kind == EventKind.PARTY_LECTURE:  # its kind stays: it came from a schedule
        form.fields["kind"].choices = [(event.kind, event.get_kind_display())]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: actions.do_update_event(event, actor=request.user, **form.cleaned_data),
            _("The event is changed."),
        )
        if done is not None:
            return redirect("volunteering:event", pk)
    return render(request, "volunteering/event_edit.html", {"event": event, "form": form})


@login_required
@require_POST
def event_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff cancel an event with a reason; credited attendance stays."""
    event = _staff_event(request, pk)
    form = CancelEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for cancelling."))
    else:
        attempt(
            request,
            lambda: actions.do_cancel_event(
                event, reason=form.cleaned_data["reason"], actor=request.user
            ),
            _("The event is cancelled."),
        )
    return redirect("volunteering:event", pk)
