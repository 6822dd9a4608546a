"""Consultation in the API (/api/v1/volunteering/consultation/…): topics (propose, raise,
support, vote, schedule, decide, drop), meetings and hearings (plan, minutes, speakers,
publish), decisions' follow-ups and the published record. Seen by the community's office and
its residents (`volunteering.permissions.topics_visible_to`, `consult_meetings_visible_to`);
404 outside. No answer names who proposed, supported or voted; a secret vote's choices exist
only as counts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema, Status
from pydantic import StrictInt

from accounts.models import User
from areas.models import Area
from core.masking import mask_name
from core.paging import Page, page_param, page_size_param, paginate
from core.refusal import Invalid, NotFound
from core.schemas import OneOf, errors
from party.joint.models import ItemStatus
from volunteering import permissions
from volunteering.api.common import router
from volunteering.consultation import actions, selectors, views
from volunteering.consultation.models import (
    FOLLOW_UP_MAX,
    TEXT_MAX,
    TITLE_MAX,
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
    VoteMode,
)
from volunteering.models import Need

ERRORS = errors(400, 404)
MOVE_ERRORS = errors(400, 403, 404, 409)
TopicStatus_ = Annotated[str, OneOf(lambda: TopicStatus.values)]
VoteMode_ = Annotated[str, OneOf(lambda: VoteMode.values)]
Kind_ = Annotated[str, OneOf(lambda: MeetingKind.values)]
Participant_ = Annotated[str, OneOf(lambda: Participant.values)]
ItemStatus_ = Annotated[str, OneOf(lambda: ItemStatus.values)]


class ConsultFollowUpOut(Schema):
    id: int
    topic_id: int
    text: str
    owner_name: str
    deadline: dt.date
    status: ItemStatus_
    done_on: dt.date | None
    note: str
    overdue: bool

    @staticmethod
    def resolve_overdue(f: TopicFollowUp) -> bool:
        from core.timeutil import today

        return f.is_open and f.deadline < today()


class ConsultTallyOut(Schema):
    votes_for: int
    against: int
    abstain: int
    total: int
    households: int
    needed: int
    quorate: bool
    carried: bool


class ConsultTopicOut(Schema):
    id: int
    community_code: str
    title: str
    description: str
    source: Annotated[str, OneOf(lambda: TopicSource.values)]
    need_id: int | None
    status: TopicStatus_
    threshold: int
    meeting_id: int | None
    vote_mode: VoteMode_
    decision: str
    carried: bool | None
    decided_on: dt.date | None

    @staticmethod
    def resolve_community_code(t: Topic) -> str:
        return t.community.code


class ConsultTopicDetailOut(ConsultTopicOut):
    supports: int
    tally: ConsultTallyOut | None
    follow_ups: list[ConsultFollowUpOut]
    my_household_supports: bool
    my_household_voted: bool

    @staticmethod
    def resolve_supports(t: Topic) -> int:
        return selectors.support_count(t)

    @staticmethod
    def resolve_tally(t: Topic) -> Any:
        counted = selectors.shown_tally(t)
        if counted is None:
            return None
        return {
            "votes_for": counted.votes_for,
            "against": counted.against,
            "abstain": counted.abstain,
            "total": counted.total,
            "households": counted.households,
            "needed": counted.needed,
            "quorate": counted.quorate,
            "carried": counted.carried,
        }

    @staticmethod
    def resolve_follow_ups(t: Topic) -> list[TopicFollowUp]:
        return list(t.follow_ups.all())

    @staticmethod
    def resolve_my_household_supports(t: Topic) -> bool:
        return bool(getattr(t, "mine_supported", False))

    @staticmethod
    def resolve_my_household_voted(t: Topic) -> bool:
        return bool(getattr(t, "mine_voted", False))


class ConsultTopicPage(Page[ConsultTopicOut]):
    pass


class ConsultSpeakerOut(Schema):
    id: int
    name: str = Field(description="Masked (张**) for everyone but the community office.")
    position: str
    statement: str


class ConsultMeetingOut(Schema):
    id: int
    community_code: str
    kind: Kind_
    title: str
    held_on: dt.date
    place: str
    agenda: str
    participants: list[Participant_]
    quorum_percent: int
    status: Annotated[str, OneOf(lambda: MeetingStatus.values)]
    attendance: int
    present: str
    minutes: str
    published_on: dt.date | None

    @staticmethod
    def resolve_community_code(m: ConsultMeeting) -> str:
        return m.community.code


class ConsultMeetingDetailOut(ConsultMeetingOut):
    topics: list[ConsultTopicOut]
    speakers: list[ConsultSpeakerOut]

    @staticmethod
    def resolve_topics(m: ConsultMeeting) -> list[Topic]:
        return list(m.topics.select_related("community"))

    @staticmethod
    def resolve_speakers(m: ConsultMeeting) -> list[dict[str, Any]]:
        full = bool(getattr(m, "full_names", False))
        return [
            {
                "id": s.pk,
                "name": s.name if full else mask_name(s.name),
                "position": s.position,
                "statement": s.statement,
            }
            for s in m.speakers.all()
        ]


class ConsultMeetingPage(Page[ConsultMeetingOut]):
    pass


class ConsultPublishedTopicOut(ConsultTopicOut):
    tally: ConsultTallyOut | None
    follow_ups: list[ConsultFollowUpOut]

    @staticmethod
    def resolve_tally(t: Topic) -> Any:
        return ConsultTopicDetailOut.resolve_tally(t)

    @staticmethod
    def resolve_follow_ups(t: Topic) -> list[TopicFollowUp]:
        return list(t.follow_ups.all())


class ConsultPublishedMeetingOut(ConsultMeetingOut):
    decisions: list[ConsultPublishedTopicOut]
    speakers: list[ConsultSpeakerOut]

    @staticmethod
    def resolve_decisions(m: ConsultMeeting) -> list[Topic]:
        return list(selectors.published_decisions([m.community.code]).filter(meeting=m))

    @staticmethod
    def resolve_speakers(m: ConsultMeeting) -> list[dict[str, Any]]:
        return [_speaker_out(s, full=False) for s in m.speakers.all()]


class ConsultProposeIn(Schema):
    title: str = Field(max_length=TITLE_MAX)
    description: str = Field("", max_length=TEXT_MAX)


class ConsultRaiseIn(Schema):
    community_code: str = Field(max_length=40)
    title: str = Field("", max_length=TITLE_MAX)
    description: str = Field("", max_length=TEXT_MAX)
    need_id: StrictInt | None = Field(None, description="An open need of the community.")


class ConsultBallotIn(Schema):
    choice: Annotated[str, OneOf(lambda: Choice.values)]


class ConsultBallotOut(Schema):
    topic_id: int
    secret: bool = Field(description="A secret ballot: its choice is counted, never kept.")


class ConsultScheduleIn(Schema):
    meeting_id: StrictInt
    vote_mode: VoteMode_ = "none"


class ConsultDecisionIn(Schema):
    decision: str = Field(max_length=TEXT_MAX)


class ConsultReasonIn(Schema):
    reason: str = Field(max_length=TEXT_MAX)


class ConsultFollowUpIn(Schema):
    text: str = Field(max_length=FOLLOW_UP_MAX)
    owner_name: str = Field(max_length=100)
    owner_id: StrictInt | None = Field(None, description="The account reporting on it.")
    deadline: dt.date


class ConsultNoteIn(Schema):
    note: str = Field("", max_length=FOLLOW_UP_MAX)


class ConsultMeetingIn(Schema):
    community_code: str = Field(max_length=40)
    kind: Kind_ = "meeting"
    title: str = Field(max_length=TITLE_MAX)
    held_on: dt.date
    place: str = Field("", max_length=100)
    agenda: str = Field("", max_length=TEXT_MAX)
    participants: list[Participant_] = Field(default_factory=list, max_length=10)
    quorum_percent: StrictInt = Field(10, ge=1, le=100)


class ConsultMinutesIn(Schema):
    minutes: str = Field(max_length=TEXT_MAX)
    attendance: StrictInt = Field(ge=0, le=100_000)
    present: str = Field("", max_length=300)


class ConsultSpeakerIn(Schema):
    position: str = Field("", max_length=300)
    name: str = Field(
        "", max_length=50, description="The office names a speaker; ignored for a resident."
    )


class ConsultStatementIn(Schema):
    statement: str = Field(max_length=TEXT_MAX)


class ConsultFollowUpPage(Page[ConsultFollowUpOut]):
    pass


def _topic(request: HttpRequest, topic_id: int) -> Topic:
    found = selectors.topics(request.user).filter(pk=topic_id).first()
    if found is None:
        raise NotFound("Not found.")
    household = permissions.takes_part_in(request.user, found.community)
    if household is not None:
        found.mine_supported = found.supports.filter(household=household).exists()  # type: ignore[attr-defined]
        found.mine_voted = found.ballots.filter(household=household).exists()  # type: ignore[attr-defined]
    return found


def _meeting(request: HttpRequest, meeting_id: int) -> ConsultMeeting:
    found = selectors.meetings(request.user).filter(pk=meeting_id).first()
    if found is None:
        raise NotFound("Not found.")
    found.full_names = permissions.runs_consultations(request.user, found.community.code)  # type: ignore[attr-defined]
    return found


def _community(code: str) -> Area:
    area = Area.objects.filter(code=code, level="community").first()
    if area is None:
        raise Invalid(f"No community with code {code!r}.", "community_code")
    return area


P = "/consultation"


@router.get(f"{P}/topics", response={200: ConsultTopicPage, **ERRORS})
def list_topics(
    request: HttpRequest,
    status: TopicStatus_ | None = None,
    show: Annotated[str, OneOf(lambda: ["", "open", "eligible"])] = "",
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """Topics the caller sees, newest first; `show=open`: those waiting for the caller's
    household's support or vote; `show=eligible`: those ready for a meeting (the office)."""
    if show == "open":
        qs = selectors.open_for_me(request.user)
    elif show == "eligible":
        qs = selectors.eligible_topics(request.user)
    else:
        qs = selectors.topics(request.user)
    if status is not None:
        qs = qs.filter(status=status)
    return paginate(qs.order_by("-created", "-pk"), page, page_size)


@router.post(f"{P}/topics", response={201: ConsultTopicDetailOut, **errors(400, 403)})
def propose_topic(request: HttpRequest, data: ConsultProposeIn) -> Any:
    """A resident proposes a topic for their community (their household is its first
    support); it gathers support until its threshold."""
    topic = actions.do_propose_topic(
        title=data.title, description=data.description, actor=request.user
    )
    return Status(201, _topic(request, topic.pk))


@router.post(f"{P}/topics/raise", response={201: ConsultTopicDetailOut, **ERRORS})
def raise_topic(request: HttpRequest, data: ConsultRaiseIn) -> Any:
    """The community office raises a topic, its own or from the needs list."""
    need = None
    if data.need_id is not None:
        need = Need.objects.filter(pk=data.need_id).first()
        if need is None:
            raise Invalid("No such need.", "need_id")
    topic = actions.do_raise_topic(
        _community(data.community_code),
        title=data.title,
        description=data.description,
        need=need,
        actor=request.user,
    )
    return Status(201, _topic(request, topic.pk))


@router.get(f"{P}/topics/{{topic_id}}", response={200: ConsultTopicDetailOut, **ERRORS})
def topic_detail(request: HttpRequest, topic_id: int) -> Any:
    return _topic(request, topic_id)


@router.post(
    f"{P}/topics/{{topic_id}}/support", response={200: ConsultTopicDetailOut, **MOVE_ERRORS}
)
def support_topic(request: HttpRequest, topic_id: int) -> Any:
    """The caller's household supports a proposal (once; 409 the second time)."""
    actions.do_support_topic(_topic(request, topic_id), actor=request.user)
    return _topic(request, topic_id)


@router.post(f"{P}/topics/{{topic_id}}/ballot", response={201: ConsultBallotOut, **MOVE_ERRORS})
def cast_ballot(request: HttpRequest, topic_id: int, data: ConsultBallotIn) -> Any:
    """The caller's household votes (once; 409 the second time, whichever member)."""
    topic = _topic(request, topic_id)
    actions.do_cast_ballot(topic, choice=data.choice, actor=request.user)
    return Status(201, {"topic_id": topic.pk, "secret": topic.vote_mode == VoteMode.SECRET})


@router.post(
    f"{P}/topics/{{topic_id}}/schedule", response={200: ConsultTopicDetailOut, **MOVE_ERRORS}
)
def schedule_topic(request: HttpRequest, topic_id: int, data: ConsultScheduleIn) -> Any:
    meeting = selectors.meetings(request.user).filter(pk=data.meeting_id).first()
    if meeting is None:
        raise Invalid("No such meeting.", "meeting_id")
    actions.do_schedule_topic(
        _topic(request, topic_id), meeting, vote_mode=data.vote_mode, actor=request.user
    )
    return _topic(request, topic_id)


@router.post(
    f"{P}/topics/{{topic_id}}/open-vote", response={200: ConsultTopicDetailOut, **MOVE_ERRORS}
)
def open_vote(request: HttpRequest, topic_id: int) -> Any:
    actions.do_open_vote(_topic(request, topic_id), actor=request.user)
    return _topic(request, topic_id)


@router.post(
    f"{P}/topics/{{topic_id}}/decide", response={200: ConsultTopicDetailOut, **MOVE_ERRORS}
)
def decide_topic(request: HttpRequest, topic_id: int, data: ConsultDecisionIn) -> Any:
    """Record the decision; an open vote is closed and counted against the quorum."""
    actions.do_decide_topic(_topic(request, topic_id), decision=data.decision, actor=request.user)
    return _topic(request, topic_id)


@router.post(f"{P}/topics/{{topic_id}}/drop", response={200: ConsultTopicDetailOut, **MOVE_ERRORS})
def drop_topic(request: HttpRequest, topic_id: int, data: ConsultReasonIn) -> Any:
    actions.do_drop_topic(_topic(request, topic_id), reason=data.reason, actor=request.user)
    return _topic(request, topic_id)


@router.post(
    f"{P}/topics/{{topic_id}}/follow-ups", response={201: ConsultFollowUpOut, **MOVE_ERRORS}
)
def add_follow_up(request: HttpRequest, topic_id: int, data: ConsultFollowUpIn) -> Any:
    owner = None
    if data.owner_id is not None:
        owner = User.objects.filter(pk=data.owner_id, is_active=True).first()
        if owner is None:
            raise Invalid("No such account.", "owner_id")
    follow_up = actions.do_add_topic_follow_up(
        _topic(request, topic_id),
        text=data.text,
        owner_name=data.owner_name,
        owner=owner,
        deadline=data.deadline,
        actor=request.user,
    )
    return Status(201, follow_up)


@router.get(f"{P}/follow-ups", response={200: ConsultFollowUpPage, **ERRORS})
def list_follow_ups(
    request: HttpRequest,
    show: Annotated[str, OneOf(lambda: ["", "mine", "overdue"])] = "",
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """Decisions' follow-ups the caller sees; `mine`: open ones the caller reports on;
    `overdue`: open ones past their deadline in the areas the caller runs."""
    if show == "mine":
        qs = selectors.my_follow_ups(request.user)
    elif show == "overdue":
        qs = selectors.follow_ups_overdue(request.user)
    else:
        qs = selectors.follow_ups(request.user)
    return paginate(qs.order_by("deadline", "pk"), page, page_size)


def _follow_up(request: HttpRequest, follow_up_id: int) -> TopicFollowUp:
    found = selectors.follow_ups(request.user).filter(pk=follow_up_id).first()
    if found is None:
        raise NotFound("Not found.")
    return found


@router.post(
    f"{P}/follow-ups/{{follow_up_id}}/start", response={200: ConsultFollowUpOut, **MOVE_ERRORS}
)
def start_follow_up(request: HttpRequest, follow_up_id: int, data: ConsultNoteIn) -> Any:
    return actions.do_move_topic_follow_up(
        _follow_up(request, follow_up_id), "start", note=data.note, actor=request.user
    )


@router.post(
    f"{P}/follow-ups/{{follow_up_id}}/done", response={200: ConsultFollowUpOut, **MOVE_ERRORS}
)
def finish_follow_up(request: HttpRequest, follow_up_id: int, data: ConsultNoteIn) -> Any:
    return actions.do_move_topic_follow_up(
        _follow_up(request, follow_up_id), "done", note=data.note, actor=request.user
    )


@router.get(f"{P}/meetings", response={200: ConsultMeetingPage, **ERRORS})
def list_meetings(
    request: HttpRequest, page: int = page_param(), page_size: int = page_size_param()
) -> Any:
    return paginate(selectors.meetings(request.user).order_by("-held_on", "-pk"), page, page_size)


@router.post(f"{P}/meetings", response={201: ConsultMeetingDetailOut, **ERRORS})
def plan_meeting(request: HttpRequest, data: ConsultMeetingIn) -> Any:
    """The community office plans a meeting or a hearing, with its quorum."""
    meeting = actions.do_plan_meeting(
        _community(data.community_code),
        title=data.title,
        held_on=data.held_on,
        kind=data.kind,
        place=data.place,
        agenda=data.agenda,
        participants=data.participants,
        quorum_percent=data.quorum_percent,
        actor=request.user,
    )
    return Status(201, _meeting(request, meeting.pk))


@router.get(f"{P}/meetings/{{meeting_id}}", response={200: ConsultMeetingDetailOut, **ERRORS})
def meeting_detail(request: HttpRequest, meeting_id: int) -> Any:
    return _meeting(request, meeting_id)


@router.post(
    f"{P}/meetings/{{meeting_id}}/minutes", response={200: ConsultMeetingDetailOut, **MOVE_ERRORS}
)
def record_minutes(request: HttpRequest, meeting_id: int, data: ConsultMinutesIn) -> Any:
    actions.do_record_minutes(
        _meeting(request, meeting_id),
        minutes=data.minutes,
        attendance=data.attendance,
        present=data.present,
        actor=request.user,
    )
    return _meeting(request, meeting_id)


@router.post(
    f"{P}/meetings/{{meeting_id}}/publish", response={200: ConsultMeetingDetailOut, **MOVE_ERRORS}
)
def publish_meeting(request: HttpRequest, meeting_id: int) -> Any:
    """Publish the record to the community's residents (every topic on it decided)."""
    actions.do_publish_meeting(_meeting(request, meeting_id), actor=request.user)
    return _meeting(request, meeting_id)


@router.post(
    f"{P}/meetings/{{meeting_id}}/speakers", response={201: ConsultSpeakerOut, **MOVE_ERRORS}
)
def register_speaker(request: HttpRequest, meeting_id: int, data: ConsultSpeakerIn) -> Any:
    """Register for a planned hearing: a resident for their household (once); the office
    names a speaker."""
    meeting = _meeting(request, meeting_id)
    speaker = actions.do_register_speaker(
        meeting, position=data.position, name=data.name, actor=request.user
    )
    return Status(201, _speaker_out(speaker, full=getattr(meeting, "full_names", False)))


@router.post(
    f"{P}/meetings/{{meeting_id}}/speakers/{{speaker_id}}/statement",
    response={200: ConsultSpeakerOut, **MOVE_ERRORS},
)
def record_statement(
    request: HttpRequest, meeting_id: int, speaker_id: int, data: ConsultStatementIn
) -> Any:
    meeting = _meeting(request, meeting_id)
    speaker = Speaker.objects.filter(meeting=meeting, pk=speaker_id).first()
    if speaker is None:
        raise NotFound("Not found.")
    done = actions.do_record_statement(speaker, statement=data.statement, actor=request.user)
    return _speaker_out(done, full=getattr(meeting, "full_names", False))


def _speaker_out(s: Speaker, *, full: bool) -> dict[str, Any]:
    return {
        "id": s.pk,
        "name": s.name if full else mask_name(s.name),
        "position": s.position,
        "statement": s.statement,
    }


@router.get(f"{P}/published", response={200: list[ConsultPublishedMeetingOut], **ERRORS})
def published(request: HttpRequest, community: str = "") -> Any:
    """公开栏: the published meetings and hearings of the caller's community (the office: the
    community asked for, else all it runs), at most 30, with what was decided and the
    follow-ups' status. No proposer, supporter or voter is named; speakers are masked."""
    from django.http import Http404

    try:
        codes = views.published_codes(request.user, community)
    except Http404:
        raise NotFound("Not found.") from None
    return list(selectors.published_meetings(codes)[:30])
