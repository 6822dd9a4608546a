"""Consultation pages: the index (what waits for the viewer, the propose/raise/plan forms),
a topic (support, vote, the office's steps, follow-ups), a meeting or hearing (agenda,
minutes, speakers, publish) and the community's published record (公开栏). Thin: each post
calls one action; a refusal shows as a message and stores nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts.models import User
from areas.models import Area
from core import timeutil
from core.http import AuthedRequest
from core.masking import mask_name
from volunteering import permissions
from volunteering.consultation import actions, selectors
from volunteering.consultation.models import (
    Choice,
    ConsultMeeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    Topic,
    TopicFollowUp,
    TopicStatus,
    VoteMode,
)
from volunteering.models import Need, NeedStatus
from volunteering.views.common import attempt, back

SHOWS = {
    "open": ("topics", selectors.open_for_me),
    "eligible": ("topics", selectors.eligible_topics),
    "to_minute": ("meetings", selectors.meetings_to_minute),
    "overdue": ("follow_ups", selectors.follow_ups_overdue),
    "mine": ("follow_ups", selectors.my_follow_ups),
}


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _int(value: str, default: int = 0) -> int | None:
    try:
        return int(value or default)
    except ValueError:
        return None


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not permissions.may_see_consultation(user):
        raise Http404
    staff = permissions.runs_any_consultations(user)
    if request.method == "POST":
        return _post_index(request, staff)
    show = request.GET.get("show", "")
    context: dict[str, Any] = {
        "show": show,
        "staff": staff,
        "resident": permissions.consult_household(user) is not None,
        "participants": Participant.choices,
        "kinds": MeetingKind.choices,
        "today": timeutil.today(),
    }
    if show in SHOWS:
        kind, fn = SHOWS[show]
        context["listed_kind"] = kind
        context["listed"] = list(fn(user)[:200])
    else:
        context["open_topics"] = list(selectors.open_for_me(user)[:50])
        context["topics"] = list(selectors.topics(user).exclude(status=TopicStatus.DROPPED)[:50])
        context["meetings"] = list(selectors.meetings(user)[:30])
        context["follow_ups"] = list(selectors.my_follow_ups(user)[:50])
    if staff:
        communities = permissions.consultation_communities(user)
        context["communities"] = communities
        context["needs"] = list(
            Need.objects.filter(
                community__in=communities, status=NeedStatus.OPEN, topics__isnull=True
            ).order_by("-pk")[:50]
        )
    return render(request, "volunteering/consultation/index.html", context)


def _post_index(request: AuthedRequest, staff: bool) -> HttpResponse:
    user = request.user
    step = request.POST.get("step", "")
    if step == "propose":
        topic = attempt(
            request,
            lambda: actions.do_propose_topic(
                title=request.POST.get("title", ""),
                description=request.POST.get("description", ""),
                actor=user,
            ),
            _("Your proposal is up for support."),
        )
        if topic is not None:
            return redirect("volunteering:topic", topic.pk)
    elif step in ("raise", "plan") and staff:
        community = Area.objects.filter(code=request.POST.get("community", "")).first()
        if community is None:
            raise Http404
        if step == "raise":
            need = Need.objects.filter(pk=_int(request.POST.get("need", "")) or 0).first()
            topic = attempt(
                request,
                lambda: actions.do_raise_topic(
                    community,
                    title=request.POST.get("title", ""),
                    description=request.POST.get("description", ""),
                    need=need,
                    actor=user,
                ),
                _("Topic raised."),
            )
            if topic is not None:
                return redirect("volunteering:topic", topic.pk)
        else:
            held_on = _date(request.POST.get("held_on", ""))
            quorum = _int(request.POST.get("quorum_percent", ""), 10)
            meeting = attempt(
                request,
                lambda: actions.do_plan_meeting(
                    community,
                    title=request.POST.get("title", ""),
                    held_on=held_on or timeutil.today(),
                    kind=request.POST.get("kind", MeetingKind.MEETING),
                    place=request.POST.get("place", ""),
                    agenda=request.POST.get("agenda", ""),
                    participants=request.POST.getlist("participants"),
                    quorum_percent=quorum if quorum is not None else -1,
                    actor=user,
                ),
                _("Meeting planned."),
            )
            if meeting is not None:
                return redirect("volunteering:consult_meeting", meeting.pk)
    return redirect("volunteering:consultation")


def _topic(user: Any, pk: int) -> Topic:
    return get_object_or_404(selectors.topics(user), pk=pk)


@login_required
def topic(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    found = _topic(user, pk)
    household = permissions.takes_part_in(user, found.community)
    runs = permissions.runs_consultations(user, found.community.code)
    context = {
        "topic": found,
        "runs": runs,
        "household": household,
        "supports": selectors.support_count(found),
        "supported": household is not None and found.supports.filter(household=household).exists(),
        "voted": household is not None and found.ballots.filter(household=household).exists(),
        "tally": selectors.shown_tally(found),
        "choices": Choice.choices,
        "vote_modes": VoteMode.choices,
        "follow_ups": list(found.follow_ups.select_related("owner")),
        "today": timeutil.today(),
        "S": TopicStatus,
    }
    if runs:
        context["planned"] = list(
            ConsultMeeting.objects.filter(
                community=found.community, status=MeetingStatus.PLANNED
            ).order_by("held_on")
        )
        context["owners"] = list(
            User.objects.filter(
                role_assignments__area__code__startswith=found.community.code, is_active=True
            )
            .distinct()
            .order_by("name")[:100]
        )
    return render(request, "volunteering/consultation/topic.html", context)


@login_required
@require_POST
def topic_act(request: AuthedRequest, pk: int, event: str) -> HttpResponse:
    user = request.user
    found = _topic(user, pk)
    post = request.POST
    steps: dict[str, tuple[Any, str]] = {
        "support": (lambda: actions.do_support_topic(found, actor=user), _("Support recorded.")),
        "vote": (
            lambda: actions.do_cast_ballot(found, choice=post.get("choice", ""), actor=user),
            _("Your household's vote is cast."),
        ),
        "open-vote": (lambda: actions.do_open_vote(found, actor=user), _("The vote is open.")),
        "decide": (
            lambda: actions.do_decide_topic(found, decision=post.get("decision", ""), actor=user),
            pgettext("consultation", "Decision recorded."),
        ),
        "drop": (
            lambda: actions.do_drop_topic(found, reason=post.get("reason", ""), actor=user),
            _("Topic not taken up."),
        ),
    }
    if event == "schedule":
        meeting = get_object_or_404(selectors.meetings(user), pk=_int(post.get("meeting", "")) or 0)
        attempt(
            request,
            lambda: actions.do_schedule_topic(
                found, meeting, vote_mode=post.get("vote_mode", VoteMode.NONE), actor=user
            ),
            _("Put on the agenda."),
        )
    elif event == "follow-up":
        owner = User.objects.filter(pk=_int(post.get("owner", "")) or 0).first()
        deadline = _date(post.get("deadline", ""))
        if deadline is None:
            from django.contrib import messages

            messages.error(request, _("Give a deadline."))
        else:
            attempt(
                request,
                lambda: actions.do_add_topic_follow_up(
                    found,
                    text=post.get("text", ""),
                    owner_name=post.get("owner_name", ""),
                    owner=owner,
                    deadline=deadline,
                    actor=user,
                ),
                _("Follow-up added."),
            )
    elif event in steps:
        fn, done = steps[event]
        attempt(request, fn, done)
    else:
        raise Http404
    return redirect("volunteering:topic", found.pk)


@login_required
@require_POST
def follow_up_act(request: AuthedRequest, pk: int, event: str) -> HttpResponse:
    user = request.user
    found = get_object_or_404(selectors.follow_ups(user), pk=pk)
    if event not in ("start", "done"):
        raise Http404
    attempt(
        request,
        lambda: actions.do_move_topic_follow_up(
            found, event, note=request.POST.get("note", ""), actor=user
        ),
        _("Follow-up updated."),
    )
    return back(request, reverse("volunteering:topic", args=[found.topic_id]))


@login_required
def meeting(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    found = get_object_or_404(selectors.meetings(user), pk=pk)
    runs = permissions.runs_consultations(user, found.community.code)
    speakers = list(found.speakers.all())
    household = permissions.takes_part_in(user, found.community)
    return render(
        request,
        "volunteering/consultation/meeting.html",
        {
            "meeting": found,
            "runs": runs,
            "topics": list(found.topics.all()),
            "speakers": [(s, s.name if runs else mask_name(s.name)) for s in speakers],
            "may_register": household is not None
            and found.is_hearing
            and found.status == MeetingStatus.PLANNED
            and not any(s.household_id == household.pk for s in speakers),
            "today": timeutil.today(),
            "MS": MeetingStatus,
        },
    )


@login_required
@require_POST
def meeting_act(request: AuthedRequest, pk: int, event: str) -> HttpResponse:
    user = request.user
    found = get_object_or_404(selectors.meetings(user), pk=pk)
    post = request.POST
    if event == "minute":
        attendance = _int(post.get("attendance", ""))
        attempt(
            request,
            lambda: actions.do_record_minutes(
                found,
                minutes=post.get("minutes", ""),
                attendance=attendance if attendance is not None else -1,
                present=post.get("present", ""),
                actor=user,
            ),
            _("Minutes recorded."),
        )
    elif event == "publish":
        attempt(
            request,
            lambda: actions.do_publish_meeting(found, actor=user),
            _("The record is published."),
        )
    elif event == "speaker":
        attempt(
            request,
            lambda: actions.do_register_speaker(
                found, position=post.get("position", ""), name=post.get("name", ""), actor=user
            ),
            _("Speaker registered."),
        )
    elif event == "statement":
        speaker = get_object_or_404(found.speakers, pk=_int(post.get("speaker", "")) or 0)
        attempt(
            request,
            lambda: actions.do_record_statement(
                speaker, statement=post.get("statement", ""), actor=user
            ),
            _("Statement recorded."),
        )
    else:
        raise Http404
    return redirect("volunteering:consult_meeting", found.pk)


def published_codes(user: Any, asked: str) -> list[str]:
    """The communities whose record the viewer reads: the one they live in; an office, the
    one asked for within its areas (else all it runs)."""
    own = permissions.consult_community_code(user)
    if permissions.runs_any_consultations(user):
        if asked and permissions.runs_consultations(user, asked):
            return [asked]
        if not asked:
            return [c.code for c in permissions.consultation_communities(user)] + (
                [own] if own else []
            )
    if own and (not asked or asked == own):
        return [own]
    # Someone reporting on a decision's follow-up (a grid worker, a unit's contact) reads the
    # record of the communities whose decisions they carry out.
    owned = sorted(
        set(
            TopicFollowUp.objects.filter(owner=user).values_list(
                "topic__community__code", flat=True
            )
        )
    )
    if owned and (not asked or asked in owned):
        return [asked] if asked else owned
    raise Http404


@login_required
def published(request: AuthedRequest) -> HttpResponse:
    """公开栏: what the community decided at its published meetings, what has been done since,
    and its hearings' records. No proposer, supporter or voter is named; speakers' names are
    masked; nobody's phone or ID number appears."""
    codes = published_codes(request.user, request.GET.get("community", ""))
    meetings = list(selectors.published_meetings(codes)[:30])
    decisions: dict[int, list[Topic]] = {}
    for t in selectors.published_decisions(codes).filter(meeting__in=meetings):
        t.counted = selectors.tally(t)  # type: ignore[attr-defined]
        decisions.setdefault(t.meeting_id or 0, []).append(t)
    rows = [
        (
            m,
            decisions.get(m.pk, []),
            [(mask_name(s.name), s) for s in m.speakers.all()],
        )
        for m in meetings
    ]
    return render(
        request,
        "volunteering/consultation/published.html",
        {
            "rows": rows,
            "today": timeutil.today(),
            "communities": Area.objects.filter(code__in=codes).order_by("code"),
        },
    )


def follow_up_late(follow_up: TopicFollowUp, today: dt.date) -> bool:
    return follow_up.is_open and follow_up.deadline < today
