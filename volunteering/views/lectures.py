"""Party lectures 睦邻党课: the schedules residents can see with the coming lectures, and an
organisation's page where its secretary sets a schedule."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.http import AuthedRequest
from core.timeutil import now
from party.models import PartyOrganisation
from volunteering import actions, permissions
from volunteering.forms import LectureScheduleForm
from volunteering.models import EventKind, SignUp
from volunteering.views.common import attempt


@login_required
def lectures(request: AuthedRequest) -> HttpResponse:
    """The lecture schedules the user can see, the coming lectures with their sign-up, and
    the organisations whose schedule the user keeps."""
    if not permissions.may_see_lectures(request.user):
        raise Http404
    schedules = permissions.lectures_visible_to(request.user).select_related("organisation")
    coming = list(
        permissions.events_visible_to(request.user)
        .filter(kind=EventKind.PARTY_LECTURE, ends_at__gt=now(), cancelled_at__isnull=True)
        .select_related("organisation")
        .order_by("starts_at", "pk")[:20]
    )
    mine = dict(
        SignUp.objects.filter(user=request.user, event__in=coming).values_list("event_id", "status")
    )
    kept = permissions.lecture_organisations(request.user)[:50]
    return render(
        request,
        "volunteering/lectures.html",
        {
            "schedules": schedules[:50],
            "coming": [(e, mine.get(e.pk)) for e in coming],
            "kept": kept,
        },
    )


@login_required
def org_lectures(request: AuthedRequest, org: int) -> HttpResponse:
    """An organisation's lecture schedules and the form to set one (its secretary, the
    offices above)."""
    organisation = get_object_or_404(PartyOrganisation.objects.select_related("area"), pk=org)
    if not permissions.may_manage_lectures(request.user, organisation):
        raise Http404
    form = LectureScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = attempt(
            request,
            lambda: actions.do_create_lecture_schedule(organisation, actor=request.user, **d),
            _("The lecture schedule is set; its coming lectures are announced."),
        )
        if done is not None:
            return redirect("volunteering:org_lectures", org)
    schedules = permissions.lectures_visible_to(request.user).filter(organisation=organisation)
    return render(
        request,
        "volunteering/org_lectures.html",
        {"organisation": organisation, "form": form, "schedules": schedules},
    )
