"""Organisational-life pages: what is due now for those who record meetings, an
organisation's obligations, meetings and (for a committee) its branches' compliance, a
meeting, and the record and correction forms (through party.views.form_view)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import timeutil
from party import permissions
from party import selectors as party_selectors
from party.life import actions, selectors
from party.life.forms import MeetingForm, action_data
from party.life.models import Meeting, MeetingKind
from party.models import OrgLevel, PartyOrganisation
from party.views import EDIT, FormPage, form_view

HISTORY = 6  # periods shown of an organisation's own obligations


@login_required
def due(request: Any) -> HttpResponse:
    """三会一课 due in the running periods, for the organisations the user records for, and
    the committees whose branches' compliance they may see."""
    permissions.require_party(request.user)
    orgs = Paginator(selectors.recording_orgs(request.user), 20).get_page(request.GET.get("page"))
    rows = selectors.compliance(orgs)
    committees = party_selectors.organisations(request.user).filter(
        level__in=[OrgLevel.WORKING_COMMITTEE, OrgLevel.EXTENDED_COMMITTEE]
    )
    return render(
        request,
        "party/life/due.html",
        {
            "page": orgs,
            "cards": [(o, [r for r in rows if r.organisation.pk == o.pk]) for o in orgs],
            "due_count": sum(1 for r in rows if r.status == selectors.Status.DUE),
            "committees": committees.select_related("area")[:50],
            "today": timeutil.today(),
        },
    )


def _month(value: str | None) -> dt.date:
    """The first day of the month named "YYYY-MM", or today's."""
    try:
        return dt.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return timeutil.today()


@login_required
def organisation(request: Any, pk: int) -> HttpResponse:
    org = party_selectors.get_organisation(request.user, pk)
    own = selectors.compliance([org], n=HISTORY)
    history: dict[str, list[Any]] = {}
    for r in own:
        history.setdefault(r.rule.kind, []).append(r)
    on = _month(request.GET.get("on"))
    below = list(selectors.below(org).filter(permissions.scope_q(request.user, "area__code")))
    table = selectors.compliance(below, day=on)
    kinds = [k for k in MeetingKind.values if any(r.rule.kind == k for r in table)]
    cells = {(r.organisation.pk, r.rule.kind): r for r in table}
    meetings = org.meetings.prefetch_related("attendance").order_by("-held_on", "-pk")
    return render(
        request,
        "party/life/organisation.html",
        {
            "org": org,
            "history": [(MeetingKind(k).label, rows[::-1]) for k, rows in history.items()],
            "meetings": Paginator(meetings, 20).get_page(request.GET.get("page")),
            "can_record": bool(own) and permissions.may_record_meeting(request.user, org),
            "below": below,
            "kinds": [MeetingKind(k).label for k in kinds],
            "rows": [(o, [cells.get((o.pk, k)) for k in kinds]) for o in below],
            "on": on,
            "previous": (on.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m"),
        },
    )


def _meeting(user: Any, pk: int) -> Meeting:
    found = Meeting.objects.select_related("organisation__area", "recorded_by").filter(pk=pk)
    meeting = found.first()
    if meeting is None or not permissions.can_view_meeting(user, meeting):
        raise Http404
    return meeting


@login_required
def meeting(request: Any, pk: int) -> HttpResponse:
    found = _meeting(request.user, pk)
    attendance = list(found.attendance.select_related("member"))
    return render(
        request,
        "party/life/meeting.html",
        {
            "meeting": found,
            "present": [a for a in attendance if a.present],
            "absent": [a for a in attendance if not a.present],
            "can_edit": permissions.may_record_meeting(request.user, found.organisation),
        },
    )


def _recording(user: Any, pk: int) -> PartyOrganisation:
    org = party_selectors.get_organisation(user, pk, EDIT)
    if not selectors.kinds_for(org.level):
        raise Http404
    return org


def _editing(user: Any, pk: int) -> Meeting:
    found = _meeting(user, pk)
    if not permissions.may_record_meeting(user, found.organisation):
        raise Http404
    return found


def _record(org: PartyOrganisation, **data: Any) -> Meeting:
    return actions.do_record_meeting(org, **action_data(data))


def _correct(meeting: Meeting, **data: Any) -> Meeting:
    return actions.do_edit_meeting(meeting, **action_data(data))


record_meeting = form_view(
    FormPage(
        form=MeetingForm,
        target=_recording,
        title=lambda org: _("Record a meeting of %(org)s") % {"org": org.name},
        back=lambda org: reverse("party:life_organisation", args=[org.pk]),
        save=_record,
        form_kwargs=lambda org, user: {"org": org, "initial": {"held_on": timeutil.today()}},
        template="party/life/meeting_form.html",
    )
)
edit_meeting = form_view(
    FormPage(
        form=MeetingForm,
        target=_editing,
        title=lambda m: _("Correct the record of %(meeting)s") % {"meeting": m.get_kind_display()},
        back=lambda m: reverse("party:meeting", args=[m.pk]),
        save=_correct,
        form_kwargs=lambda m, user: {"org": m.organisation, "meeting": m},
        edits=True,
        template="party/life/meeting_form.html",
    )
)
