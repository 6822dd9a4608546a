"""Consultation's writes: topics (proposed, raised, supported, scheduled, voted, decided,
dropped), meetings and hearings (planned, minuted, published), speakers, and the decisions'
follow-ups. Each is atomic and audited; a refusal (`core.refusal`) stores nothing.

Outside the user's sight: NotFound; seen but not theirs to do: Forbidden; the wrong moment or
a second support/ballot/registration of a household: Conflict; bad input: Invalid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from core import audit, timeutil
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import Notice, move
from volunteering import permissions
from volunteering.consultation import selectors
from volunteering.consultation.models import (
    FOLLOW_UP_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Ballot,
    Choice,
    ConsultMeeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    Speaker,
    Topic,
    TopicFollowUp,
    TopicSource,
    TopicStatus,
    TopicSupport,
    VoteMode,
)
from volunteering.consultation.workflow import FOLLOW_UPS, MEETINGS, TOPICS
from volunteering.models import Need


def _text(value: str, field: str, limit: int, missing: str | None = None) -> str:
    value = (value or "").strip()
    if not value and missing:
        raise Invalid(missing, field)
    if len(value) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field)
    return value


def _community(area: Area) -> Area:
    if area.level != "community":
        raise Invalid(_("Consultation is held by a community."), "community")
    return area


def _running(community: Area, actor: Any) -> None:
    if not permissions.runs_consultations(actor, community.code):
        raise NotFound(_("No such community."))


def _locked_topic(topic: Topic, actor: Any) -> Topic:
    found = (
        Topic.objects.select_for_update(of=("self",))
        .select_related("community", "meeting")
        .filter(pk=topic.pk)
        .first()
    )
    if found is None or not permissions.can_view_topic(actor, found):
        raise NotFound(_("No such topic."))
    return found


def _run_topic(topic: Topic, actor: Any) -> Topic:
    found = _locked_topic(topic, actor)
    if not permissions.runs_consultations(actor, found.community.code):
        raise Forbidden(_("Only the community office runs its consultation."))
    return found


@transaction.atomic
def do_propose_topic(*, title: str, description: str = "", actor: Any) -> Topic:
    """A resident proposes a topic for their community; their household is its first support.
    It waits for the supports of `selectors.support_threshold` households before it may go on
    a meeting's agenda (at once when one household is enough)."""
    code = permissions.consult_community_code(actor)
    if code is None:
        raise Forbidden(_("Only a resident proposes a topic, through their household."))
    community = Area.objects.get(code=code)
    title = _text(title, "title", TITLE_MAX, _("Give the topic a title."))
    description = _text(description, "description", TEXT_MAX)
    household = permissions.consult_household(actor)
    topic = Topic.objects.create(
        community=community,
        title=title,
        description=description,
        source=TopicSource.PROPOSAL,
        proposed_by=actor,
        household=household,
        threshold=selectors.support_threshold(community),
        status=TopicStatus.GATHERING,
    )
    TopicSupport.objects.create(topic=topic, household=household, user=actor)
    audit.record(actor, "volunteering.topic.propose", topic, {"title": [None, title]})
    _qualify_if_supported(topic, actor)
    return topic


@transaction.atomic
def do_raise_topic(
    community: Area, *, title: str, description: str = "", need: Need | None = None, actor: Any
) -> Topic:
    """The office puts a topic up for consultation, its own or one from the needs list (an
    open need of the same community); it is ready for a meeting at once."""
    _community(community)
    _running(community, actor)
    if need is not None and need.community_id != community.pk:
        raise Invalid(_("The need belongs to another community."), "need")
    title = _text(
        title or (need.title if need else ""), "title", TITLE_MAX, _("Give the topic a title.")
    )
    description = _text(description or (need.description if need else ""), "description", TEXT_MAX)
    topic = Topic.objects.create(
        community=community,
        title=title,
        description=description,
        source=TopicSource.NEED if need is not None else TopicSource.OFFICE,
        need=need,
        proposed_by=actor,
        status=TopicStatus.ELIGIBLE,
    )
    audit.record(
        actor,
        "volunteering.topic.raise",
        topic,
        {"title": [None, title], "need": [None, need.pk if need else None]},
    )
    return topic


def _qualify_if_supported(topic: Topic, actor: Any) -> None:
    if topic.status != TopicStatus.GATHERING:
        return
    count = selectors.support_count(topic)
    if count < topic.threshold:
        return
    staff = permissions.consultation_office_of(topic.community)
    url = reverse("volunteering:topic", args=[topic.pk])
    move(
        topic,
        "qualify",
        actor,
        note=f"{count}/{topic.threshold}",
        notices=[
            Notice(
                staff,
                gettext_lazy("A residents' proposal reached its supports: %(title)s"),
                gettext_lazy("%(count)d households support it; put it on a meeting's agenda."),
                url,
                {"title": topic.title, "count": count},
            )
        ],
        locked=True,
    )


@transaction.atomic
def do_support_topic(topic: Topic, *, actor: Any) -> TopicSupport:
    """A household supports a proposal of its community, once (whichever member clicks;
    of two members at once one is stored, the other told it is done). At the threshold the
    topic is ready for a meeting and the community office is told."""
    found = _locked_topic(topic, actor)
    household = permissions.takes_part_in(actor, found.community)
    if household is None:
        raise Forbidden(_("Only the households of the community support its topics."))
    if found.status != TopicStatus.GATHERING:
        raise Conflict(_("This topic no longer gathers support."), "status")
    try:
        with transaction.atomic():
            support = TopicSupport.objects.create(topic=found, household=household, user=actor)
    except IntegrityError:
        raise Conflict(_("Your household already supports this topic.")) from None
    audit.record(actor, "volunteering.topic.support", found, {})
    _qualify_if_supported(found, actor)
    return support


@transaction.atomic
def do_plan_meeting(
    community: Area,
    *,
    title: str,
    held_on: dt.date,
    kind: str = MeetingKind.MEETING,
    place: str = "",
    agenda: str = "",
    participants: Iterable[str] = (),
    quorum_percent: int = 10,
    actor: Any,
) -> ConsultMeeting:
    """A consultation meeting or a hearing of a community, with the parties invited and the
    quorum its votes need (a share of the community's households, 1–100 %)."""
    _community(community)
    _running(community, actor)
    if kind not in MeetingKind.values:
        raise Invalid(_("Choose a meeting or a hearing."), "kind")
    title = _text(title, "title", TITLE_MAX, _("Give the meeting a title."))
    place = _text(place, "place", 100)
    agenda = _text(agenda, "agenda", TEXT_MAX)
    invited = list(dict.fromkeys(participants))
    if any(p not in Participant.values for p in invited):
        raise Invalid(_("Choose among the listed participants."), "participants")
    if isinstance(quorum_percent, bool) or not 1 <= int(quorum_percent) <= 100:
        raise Invalid(_("The quorum is a share of 1 to 100 %."), "quorum_percent")
    meeting = ConsultMeeting.objects.create(
        community=community,
        kind=kind,
        title=title,
        held_on=held_on,
        place=place,
        agenda=agenda,
        participants=invited,
        quorum_percent=int(quorum_percent),
        created_by=actor,
    )
    audit.record(
        actor,
        "volunteering.meeting.plan",
        meeting,
        {"title": [None, title], "held_on": [None, held_on.isoformat()], "kind": [None, kind]},
    )
    return meeting


def _run_meeting(meeting: ConsultMeeting, actor: Any) -> ConsultMeeting:
    found = (
        ConsultMeeting.objects.select_for_update(of=("self",))
        .select_related("community")
        .filter(pk=meeting.pk)
        .first()
    )
    if found is None or not permissions.can_view_consult_meeting(actor, found):
        raise NotFound(_("No such meeting."))
    if not permissions.runs_consultations(actor, found.community.code):
        raise Forbidden(_("Only the community office runs its consultation."))
    return found


@transaction.atomic
def do_schedule_topic(
    topic: Topic, meeting: ConsultMeeting, *, vote_mode: str = VoteMode.NONE, actor: Any
) -> Topic:
    """Put a topic ready for a meeting on the agenda of a planned meeting of its community,
    saying whether it is put to the vote (open or secret)."""
    found = _run_topic(topic, actor)
    if meeting.community_id != found.community_id:
        raise Invalid(_("The meeting is another community's."), "meeting")
    if meeting.status != MeetingStatus.PLANNED:
        raise Conflict(_("The meeting has been held."), "meeting")
    if vote_mode not in VoteMode.values:
        raise Invalid(_("Choose how the topic is voted on."), "vote_mode")
    return move(
        found,
        "schedule",
        actor,
        changes={"meeting": meeting, "vote_mode": vote_mode},
        audit_changes={"meeting": [None, meeting.pk], "vote_mode": [None, vote_mode]},
        locked=True,
    )


@transaction.atomic
def do_open_vote(topic: Topic, *, actor: Any) -> Topic:
    """Open the vote on a topic on the agenda (one that is to be voted on): from now each
    household of the community may cast one ballot."""
    found = _run_topic(topic, actor)
    if found.vote_mode == VoteMode.NONE:
        raise Conflict(_("This topic is not put to the vote."), "vote_mode")
    return move(found, "open_vote", actor, locked=True)


@transaction.atomic
def do_cast_ballot(topic: Topic, *, choice: str, actor: Any) -> Ballot:
    """One ballot per household on a topic whose vote is open. In a secret vote the choice
    goes to the topic's counters and the ballot keeps none, nor does the audit entry: nobody
    can tell what a household chose, yet it cannot vote twice (the unique constraint)."""
    if choice not in Choice.values:
        raise Invalid(_("Vote for, against or abstain."), "choice")
    found = _locked_topic(topic, actor)
    household = permissions.takes_part_in(actor, found.community)
    if household is None:
        raise Forbidden(_("Only the households of the community vote on its topics."))
    if found.status != TopicStatus.VOTING:
        raise Conflict(_("The vote on this topic is not open."), "status")
    secret = found.vote_mode == VoteMode.SECRET
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                topic=found, household=household, user=actor, choice="" if secret else choice
            )
    except IntegrityError:
        raise Conflict(_("Your household has voted on this topic.")) from None
    if secret:
        counter = {"for": "secret_for", "against": "secret_against", "abstain": "secret_abstain"}
        Topic.objects.filter(pk=found.pk).update(**{counter[choice]: F(counter[choice]) + 1})
        audit.record(actor, "volunteering.topic.ballot", found, {})
    else:
        audit.record(actor, "volunteering.topic.ballot", found, {"choice": [None, choice]})
    return ballot


@transaction.atomic
def do_decide_topic(topic: Topic, *, decision: str, actor: Any) -> Topic:
    """Record what the meeting decided, once its day has come. A vote is closed and counted:
    carried only with its quorum and more households for than against."""
    found = _run_topic(topic, actor)
    decision = _text(decision, "decision", TEXT_MAX, _("Say what was decided."))
    meeting = found.meeting
    if meeting is not None and meeting.held_on > timeutil.today():
        raise Conflict(_("A topic is decided at its meeting, not before."), "status")
    counted = selectors.tally(found) if found.status == TopicStatus.VOTING else None
    return move(
        found,
        "decide",
        actor,
        changes={
            "decision": decision,
            "carried": counted.carried if counted is not None else None,
            "decided_on": timeutil.today(),
        },
        locked=True,
    )


@transaction.atomic
def do_drop_topic(topic: Topic, *, reason: str, actor: Any) -> Topic:
    """The office does not take a topic up (before its decision), saying why."""
    found = _run_topic(topic, actor)
    reason = _text(reason, "reason", TEXT_MAX, _("Say why."))
    return move(found, "drop", actor, changes={"decision": reason}, locked=True)


@transaction.atomic
def do_record_minutes(
    meeting: ConsultMeeting, *, minutes: str, attendance: int, present: str = "", actor: Any
) -> ConsultMeeting:
    """The minutes of a meeting held (its day has come): how many were present, which
    parties, what was said."""
    found = _run_meeting(meeting, actor)
    if found.held_on > timeutil.today():
        raise Conflict(_("A meeting is minuted once it has been held."), "held_on")
    minutes = _text(minutes, "minutes", TEXT_MAX, _("Write the minutes."))
    present = _text(present, "present", 300)
    if isinstance(attendance, bool) or not 0 <= int(attendance) <= 100_000:
        raise Invalid(_("Give the number of people present."), "attendance")
    return move(
        found,
        "minute",
        actor,
        changes={"minutes": minutes, "attendance": int(attendance), "present": present},
        locked=True,
    )


@transaction.atomic
def do_publish_meeting(meeting: ConsultMeeting, *, actor: Any) -> ConsultMeeting:
    """Publish a minuted meeting's record to the community's residents (公开): its topics'
    decisions and their follow-ups, a hearing's speakers (names masked). Every topic on it
    must be decided or dropped first."""
    found = _run_meeting(meeting, actor)
    waiting = found.topics.filter(status__in=[TopicStatus.SCHEDULED, TopicStatus.VOTING])
    if waiting.exists():
        raise Conflict(_("Decide every topic on the agenda before publishing."), "status")
    return move(found, "publish", actor, changes={"published_on": timeutil.today()}, locked=True)


@transaction.atomic
def do_register_speaker(
    meeting: ConsultMeeting, *, position: str = "", name: str = "", actor: Any
) -> Speaker:
    """Register a speaker for a planned hearing: a resident of its community for their
    household (once), or the office naming someone."""
    found = (
        ConsultMeeting.objects.select_for_update(of=("self",))
        .select_related("community")
        .filter(pk=meeting.pk)
        .first()
    )
    if found is None or not permissions.can_view_consult_meeting(actor, found):
        raise NotFound(_("No such meeting."))
    if found.kind != MeetingKind.HEARING:
        raise Conflict(_("Speakers register for a hearing."), "kind")
    if found.status != MeetingStatus.PLANNED:
        raise Conflict(_("The hearing has been held."), "status")
    position = _text(position, "position", 300)
    household = None
    if permissions.runs_consultations(actor, found.community.code):
        name = _text(name, "name", 50, _("Name the speaker."))
    else:
        household = permissions.takes_part_in(actor, found.community)
        if household is None:
            raise Forbidden(_("Only the residents of the community speak at its hearings."))
        name = actor.resident.name
    try:
        with transaction.atomic():
            speaker = Speaker.objects.create(
                meeting=found, name=name, household=household, user=actor, position=position
            )
    except IntegrityError:
        raise Conflict(_("Your household has registered a speaker.")) from None
    audit.record(actor, "volunteering.meeting.speaker", found, {"position": [None, position]})
    return speaker


@transaction.atomic
def do_record_statement(speaker: Speaker, *, statement: str, actor: Any) -> Speaker:
    """What a hearing's speaker said, written by the office for the record."""
    _run_meeting(speaker.meeting, actor)
    statement = _text(statement, "statement", TEXT_MAX, _("Write what was said."))
    found = Speaker.objects.select_for_update().get(pk=speaker.pk)
    before = found.statement
    found.statement = statement
    found.save(update_fields=["statement"])
    audit.record(
        actor,
        "volunteering.meeting.statement",
        found.meeting,
        {"statement": [before or None, statement]},
    )
    return found


@transaction.atomic
def do_add_topic_follow_up(
    topic: Topic,
    *,
    text: str,
    owner_name: str,
    deadline: dt.date,
    owner: Any = None,
    actor: Any,
) -> TopicFollowUp:
    """A follow-up of a decision: what must be done, by whom (a unit's name and, optionally,
    the account that reports on it), by when."""
    found = _run_topic(topic, actor)
    if found.status != TopicStatus.DECIDED:
        raise Conflict(_("Follow-ups come from a decision."), "status")
    text = _text(text, "text", FOLLOW_UP_MAX, _("Say what must be done."))
    owner_name = _text(owner_name, "owner_name", 100, _("Say who is responsible."))
    if found.decided_on is not None and deadline < found.decided_on:
        raise Invalid(_("The deadline cannot be before the decision."), "deadline")
    follow_up = TopicFollowUp.objects.create(
        topic=found, text=text, owner_name=owner_name, owner=owner, deadline=deadline
    )
    audit.record(
        actor,
        "volunteering.topic_follow_up.add",
        follow_up,
        {
            "text": [None, text],
            "owner": [None, owner_name],
            "deadline": [None, deadline.isoformat()],
        },
    )
    return follow_up


@transaction.atomic
def do_move_topic_follow_up(
    follow_up: TopicFollowUp, action: str, *, note: str = "", actor: Any
) -> TopicFollowUp:
    """Start or finish a follow-up: the account reporting on it, or the community office;
    done also after its deadline; done stays done (Conflict)."""
    if action not in ("start", "done"):
        raise Conflict(_("This cannot be done now."))
    found = (
        TopicFollowUp.objects.select_for_update(of=("self",))
        .select_related("topic__community")
        .filter(pk=follow_up.pk)
        .first()
    )
    if found is None or not permissions.can_view_topic(actor, found.topic):
        raise NotFound(_("No such follow-up."))
    if not permissions.may_keep_topic_follow_up(actor, found):
        raise Forbidden(_("Only the one responsible or the community office reports on it."))
    note = _text(note, "note", FOLLOW_UP_MAX)
    changes: dict[str, Any] = {"done_on": timeutil.today()} if action == "done" else {}
    if note:
        changes["note"] = note
    return move(found, action, actor, changes=changes, note=note, locked=True, table=FOLLOW_UPS)


__all__ = [
    "do_add_topic_follow_up",
    "do_cast_ballot",
    "do_decide_topic",
    "do_drop_topic",
    "do_move_topic_follow_up",
    "do_open_vote",
    "do_plan_meeting",
    "do_propose_topic",
    "do_publish_meeting",
    "do_raise_topic",
    "do_record_minutes",
    "do_record_statement",
    "do_register_speaker",
    "do_schedule_topic",
    "do_support_topic",
    "TOPICS",
    "MEETINGS",
]
