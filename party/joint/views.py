"""Joint meeting pages: the bodies one sees, a body with its member units, their yearly tasks
and its meetings, a meeting with its attendance, decisions and follow-ups, the follow-ups one
keeps; the forms (through party.views.form_view) and the start/done buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import timeutil
from core.http import show_refusal
from core.refusal import Refusal
from party import permissions
from party.joint import actions, selectors
from party.joint.forms import (
    BodyForm,
    FollowUpForm,
    ItemNoteForm,
    MeetingForm,
    MemberForm,
    TaskForm,
)
from party.joint.models import FollowUp, ItemStatus, JointBody, JointMeeting, JointMember, UnitTask
from party.views import FormPage, form_view


def _may_see(user: Any) -> None:
    if not (permissions.may_see_party(user) or selectors.bodies(user).exists()):
        raise Http404


@login_required
def index(request: Any) -> HttpResponse:
    """The joint meetings one sees, by area, and the follow-ups one keeps that wait."""
    user = request.user
    _may_see(user)
    return render(
        request,
        "party/joint/index.html",
        {
            "bodies": selectors.bodies(user).order_by("area__code", "name"),
            "waiting": selectors.open_kept(user)[:20],
            "today": timeutil.today(),
            "can_found": BodyForm(user=user).fields["area"].queryset.exists(),  # type: ignore[attr-defined]
            "perms_party": permissions.may_see_party(user),
        },
    )


def _body(user: Any, pk: int) -> JointBody:
    found = selectors.get_body(user, pk)
    if found is None:
        raise Http404
    return found


@login_required
def body(request: Any, pk: int) -> HttpResponse:
    user = request.user
    found = _body(user, pk)
    year = timeutil.today().year
    members = found.members.select_related("unit", "contact").prefetch_related(
        Prefetch("tasks", queryset=UnitTask.objects.filter(year=year), to_attr="this_year")
    )
    runs = permissions.may_run_joint_body(user, found)
    return render(
        request,
        "party/joint/body.html",
        {
            "body": found,
            "year": year,
            "members": [(m, runs or m.contact_id == user.pk) for m in members],
            "meetings": Paginator(found.meetings.order_by("-held_on", "-pk"), 20).get_page(
                request.GET.get("page")
            ),
            "open_follow_ups": FollowUp.objects.filter(
                meeting__body=found, status__in=[ItemStatus.OPEN, ItemStatus.IN_PROGRESS]
            ).select_related("owner", "meeting__body"),
            "runs": runs,
            "today": timeutil.today(),
        },
    )


def _meeting(user: Any, pk: int) -> JointMeeting:
    found = selectors.meetings(user).select_related("body__area").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def meeting(request: Any, pk: int) -> HttpResponse:
    user = request.user
    found = _meeting(user, pk)
    runs = permissions.may_run_joint_body(user, found.body)
    follow_ups = found.follow_ups.select_related("owner__body__area")
    present = set(found.attended.values_list("pk", flat=True))
    return render(
        request,
        "party/joint/meeting.html",
        {
            "m": found,
            "units": [(u, u.pk in present) for u in found.body.members.order_by("name")],
            "follow_ups": [(f, permissions.may_keep_unit_item(user, f.owner)) for f in follow_ups],
            "form": FollowUpForm(meeting=found) if runs else None,
            "runs": runs,
            "today": timeutil.today(),
        },
    )


@login_required
def follow_ups(request: Any) -> HttpResponse:
    """The open follow-ups one keeps: overdue, due within two weeks, or all."""
    user = request.user
    when = request.GET.get("when", "")
    when = when if when in ("overdue", "due") else ""
    qs = selectors.open_kept(user, when)
    return render(
        request,
        "party/joint/follow_ups.html",
        {
            "page": Paginator(qs, 30).get_page(request.GET.get("page")),
            "when": when,
            "today": timeutil.today(),
        },
    )


def _back(request: Any, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return str(target)
    return default


@login_required
@require_POST
def move_follow_up(request: Any, pk: int, action: str) -> HttpResponse:
    found = selectors.follow_ups(request.user).filter(pk=pk).first()
    if found is None or action not in ("start", "done"):
        raise Http404
    form = ItemNoteForm(request.POST)
    note = form.data.get("note", "")
    try:
        actions.do_move_follow_up(found, action, note=note, actor=request.user)
        messages.success(request, _("Saved."))
    except Refusal as refusal:
        show_refusal(request, refusal)
    return HttpResponseRedirect(
        _back(request, reverse("party:joint_meeting", args=[found.meeting_id]))
    )


@login_required
@require_POST
def move_task(request: Any, pk: int, action: str) -> HttpResponse:
    found = selectors.tasks(request.user).select_related("member").filter(pk=pk).first()
    if found is None or action not in ("start", "done"):
        raise Http404
    try:
        actions.do_move_task(found, action, actor=request.user)
        messages.success(request, _("Saved."))
    except Refusal as refusal:
        show_refusal(request, refusal)
    return HttpResponseRedirect(reverse("party:joint_body", args=[found.member.body_id]))


# Forms.


def _running(user: Any, pk: int) -> JointBody:
    found = _body(user, pk)
    if not permissions.may_run_joint_body(user, found):
        raise Http404
    return found


def _founder(user: Any, pk: int) -> None:
    if not BodyForm(user=user).fields["area"].queryset.exists():  # type: ignore[attr-defined]
        raise Http404


def _member(user: Any, pk: int) -> JointMember:
    found = (
        JointMember.objects.filter(body__in=selectors.bodies(user))
        .select_related("body__area")
        .filter(pk=pk)
        .first()
    )
    if found is None or not permissions.may_run_joint_body(user, found.body):
        raise Http404
    return found


def _running_meeting(user: Any, pk: int) -> JointMeeting:
    found = _meeting(user, pk)
    if not permissions.may_run_joint_body(user, found.body):
        raise Http404
    return found


def _body_page(target: Any) -> str:
    pk = target.pk if isinstance(target, JointBody) else target.body_id
    return reverse("party:joint_body", args=[pk])


def _create(target: None, *, area: Any, **data: Any) -> JointBody:
    return actions.do_create_joint_body(area, **data)


add_body = form_view(
    FormPage(
        form=BodyForm,
        target=_founder,
        title=lambda _none: _("Set up a joint meeting"),
        back=lambda _none: reverse("party:joint"),
        save=_create,
    )
)
add_member = form_view(
    FormPage(
        form=MemberForm,
        target=_running,
        title=lambda b: _("A member unit of %(body)s") % {"body": b.name},
        back=_body_page,
        save=actions.do_add_joint_member,
        form_kwargs=lambda b, user: {"body": b},
    )
)
add_task = form_view(
    FormPage(
        form=TaskForm,
        target=_member,
        title=lambda m: _("A yearly task of %(unit)s") % {"unit": m.name},
        back=_body_page,
        save=actions.do_add_unit_task,
        form_kwargs=lambda m, user: {},
    )
)
record_meeting = form_view(
    FormPage(
        form=MeetingForm,
        target=_running,
        title=lambda b: _("Record a meeting of %(body)s") % {"body": b.name},
        back=_body_page,
        save=actions.do_record_joint_meeting,
        form_kwargs=lambda b, user: {"body": b},
    )
)
add_follow_up = form_view(
    FormPage(
        form=FollowUpForm,
        target=_running_meeting,
        title=lambda m: _("A follow-up of the meeting of %(day)s") % {"day": m.held_on.isoformat()},
        back=lambda m: reverse("party:joint_meeting", args=[m.pk]),
        save=actions.do_add_follow_up,
        form_kwargs=lambda m, user: {"meeting": m},
    )
)
