"""Joint meetings (联席会议) in the party API: the bodies (with their member units and this
year's tasks), meetings with attendance and follow-ups, the follow-ups one keeps and their
moves. Seen where `party.permissions.joint_bodies_visible_to` says; 404 outside. Registered on
`party.api.router`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from pydantic import StrictInt

from areas.api import PageIn, paginate
from core import timeutil
from core.refusal import Invalid, NotFound
from core.schemas import OneOf, errors
from party import permissions
from party.api import router
from party.joint import actions, selectors
from party.joint.actions import LONG_MAX
from party.joint.models import (
    TEXT_MAX,
    FollowUp,
    ItemStatus,
    JointBody,
    JointMeeting,
    JointMember,
    UnitTask,
)

ERRORS = errors(400, 404)
WRITE_ERRORS = errors(400, 403, 404)
MOVE_ERRORS = errors(400, 403, 404, 409)
ItemStatus_ = Annotated[str, OneOf(lambda: ItemStatus.values)]


class JointBodyOut(Schema):
    id: int
    code: str
    name: str
    area_code: str
    area_name: str
    area_level: str

    @staticmethod
    def resolve_area_code(b: JointBody) -> str:
        return b.area.code

    @staticmethod
    def resolve_area_name(b: JointBody) -> str:
        return b.area.name

    @staticmethod
    def resolve_area_level(b: JointBody) -> str:
        return b.area.level


class JointBodyPage(Schema):
    count: int
    page: int
    pages: int
    items: list[JointBodyOut]


class UnitTaskOut(Schema):
    id: int
    year: int
    text: str
    status: ItemStatus_
    done_on: dt.date | None


class JointMemberOut(Schema):
    id: int
    name: str
    unit_id: int | None = Field(description="The partner unit, if it is one.")
    contact_name: str | None
    tasks: list[UnitTaskOut]

    @staticmethod
    def resolve_contact_name(m: Any) -> str | None:
        return m.contact.name if m.contact else None

    @staticmethod
    def resolve_tasks(m: Any) -> list[UnitTask]:
        return list(m.this_year)  # prefetched by the body's `resolve_members`


class JointBodyDetailOut(JointBodyOut):
    members: list[JointMemberOut]
    may_run: bool

    @staticmethod
    def resolve_members(b: JointBody) -> list[Any]:
        this_year = UnitTask.objects.filter(year=timeutil.today().year)
        members = b.members.select_related("contact").prefetch_related(
            Prefetch("tasks", queryset=this_year, to_attr="this_year")
        )
        return list(members.order_by("name"))


class FollowUpOut(Schema):
    id: int
    meeting_id: int
    text: str
    owner_id: int
    owner_name: str
    deadline: dt.date
    status: ItemStatus_
    done_on: dt.date | None
    note: str

    @staticmethod
    def resolve_owner_name(f: FollowUp) -> str:
        return f.owner.name


class FollowUpPage(Schema):
    count: int
    page: int
    pages: int
    items: list[FollowUpOut]


class JointMeetingOut(Schema):
    id: int
    body_id: int
    held_on: dt.date
    place: str
    agenda: str
    decisions: str
    attended: list[int] = Field(description="The member units present.")
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_attended(m: JointMeeting) -> list[int]:
        return sorted(m.attended.values_list("pk", flat=True))

    @staticmethod
    def resolve_follow_ups(m: JointMeeting) -> list[FollowUp]:
        return list(m.follow_ups.select_related("owner"))


class JointMeetingPage(Schema):
    count: int
    page: int
    pages: int
    items: list[JointMeetingOut]


class JointMeetingIn(Schema):
    held_on: dt.date
    place: str = Field("", max_length=100)
    agenda: str = Field(max_length=LONG_MAX)
    decisions: str = Field("", max_length=LONG_MAX)
    attended: list[StrictInt] = Field(default_factory=list, description="Member unit ids.")


class FollowUpIn(Schema):
    text: str = Field(max_length=TEXT_MAX)
    owner_id: StrictInt = Field(description="A member unit of the body.")
    deadline: dt.date


class UnitTaskIn(Schema):
    year: StrictInt = Field(ge=2000, le=2100)
    text: str = Field(max_length=TEXT_MAX)


class FollowUpNoteIn(Schema):
    note: str = Field("", max_length=TEXT_MAX)


def _body(request: HttpRequest, body_id: int) -> JointBody:
    found = selectors.bodies(request.user).filter(pk=body_id).first()
    if found is None:
        raise NotFound(_("No such joint meeting."))
    return found


def _meeting(request: HttpRequest, meeting_id: int) -> JointMeeting:
    found = selectors.meetings(request.user).select_related("body__area").filter(pk=meeting_id)
    m = found.first()
    if m is None:
        raise NotFound(_("No such meeting."))
    return m


@router.get("/joint/bodies", response={200: JointBodyPage, **ERRORS})
def list_joint_bodies(request: HttpRequest, paging: Query[PageIn], area: str | None = None) -> Any:
    """The joint meetings the caller sees: those of the areas where they view party
    organisations, and those where they act for a member unit."""
    qs = selectors.bodies(request.user)
    if area is not None:
        qs = qs.filter(area__code__startswith=area)
    return paginate(qs.order_by("area__code", "name", "pk"), paging)


@router.get("/joint/bodies/{body_id}", response={200: JointBodyDetailOut, **ERRORS})
def joint_body(request: HttpRequest, body_id: int) -> Any:
    """A joint meeting with its member units and their tasks of this year."""
    b = _body(request, body_id)
    b.may_run = permissions.may_run_joint_body(request.user, b)  # type: ignore[attr-defined]
    return b


@router.post("/joint/units/{unit_id}/tasks", response={201: UnitTaskOut, **WRITE_ERRORS})
def add_unit_task(request: HttpRequest, unit_id: int, data: UnitTaskIn) -> Any:
    """An item of a member unit's yearly task list (whoever runs the body)."""
    member = (
        JointMember.objects.filter(body__in=selectors.bodies(request.user), pk=unit_id)
        .select_related("body")
        .first()
    )
    if member is None:
        raise NotFound(_("No such member unit."))
    task = actions.do_add_unit_task(member, year=data.year, text=data.text, actor=request.user)
    return Status(201, task)


@router.post("/joint/tasks/{task_id}/done", response={200: UnitTaskOut, **MOVE_ERRORS})
def finish_unit_task(request: HttpRequest, task_id: int) -> Any:
    """A yearly task done (its unit's contact, or whoever runs the body)."""
    task = selectors.tasks(request.user).filter(pk=task_id).first()
    if task is None:
        raise NotFound(_("No such task."))
    return actions.do_move_task(task, "done", actor=request.user)


@router.get("/joint/meetings", response={200: JointMeetingPage, **ERRORS})
def list_joint_meetings(
    request: HttpRequest, paging: Query[PageIn], body: int | None = None
) -> Any:
    qs = selectors.meetings(request.user)
    if body is not None:
        qs = qs.filter(body_id=body)
    return paginate(qs.order_by("-held_on", "-pk"), paging)


@router.post("/joint/bodies/{body_id}/meetings", response={201: JointMeetingOut, **WRITE_ERRORS})
def record_joint_meeting(request: HttpRequest, body_id: int, data: JointMeetingIn) -> Any:
    """Record a meeting held: the agenda, the member units present, the decisions."""
    b = _body(request, body_id)
    present = list(b.members.filter(pk__in=data.attended))
    if len(present) != len(set(data.attended)):
        raise Invalid(_("Only the body's member units attend its meetings."), "attended")
    m = actions.do_record_joint_meeting(
        b,
        held_on=data.held_on,
        place=data.place,
        agenda=data.agenda,
        decisions=data.decisions,
        attended=present,
        actor=request.user,
    )
    return Status(201, m)


@router.get("/joint/meetings/{meeting_id}", response={200: JointMeetingOut, **ERRORS})
def joint_meeting(request: HttpRequest, meeting_id: int) -> Any:
    return _meeting(request, meeting_id)


@router.post("/joint/meetings/{meeting_id}/follow-ups", response={201: FollowUpOut, **WRITE_ERRORS})
def add_follow_up(request: HttpRequest, meeting_id: int, data: FollowUpIn) -> Any:
    """A follow-up of a meeting: the owner unit (a member unit of the body) and the deadline."""
    m = _meeting(request, meeting_id)
    owner = m.body.members.filter(pk=data.owner_id).first()
    if owner is None:
        raise Invalid(_("The owner must be a member unit of the joint meeting."), "owner_id")
    f = actions.do_add_follow_up(
        m, text=data.text, owner=owner, deadline=data.deadline, actor=request.user
    )
    return Status(201, f)


@router.get("/joint/follow-ups", response={200: FollowUpPage, **ERRORS})
def list_follow_ups(
    request: HttpRequest,
    paging: Query[PageIn],
    kept: bool = False,
    when: Literal["overdue", "due"] | None = None,
    status: ItemStatus_ | None = None,
) -> Any:
    """Follow-ups the caller sees; `kept`: only the open ones they keep (their units', those
    of the bodies they run), `when` overdue or due within two weeks."""
    if kept or when is not None:
        qs = selectors.open_kept(request.user, when or "")
    else:
        qs = selectors.follow_ups(request.user).order_by("deadline", "pk")
    if status is not None:
        qs = qs.filter(status=status)
    return paginate(qs, paging)


def _follow_up(request: HttpRequest, follow_up_id: int) -> FollowUp:
    found = selectors.follow_ups(request.user).filter(pk=follow_up_id).first()
    if found is None:
        raise NotFound(_("No such follow-up."))
    return found


@router.post("/joint/follow-ups/{follow_up_id}/start", response={200: FollowUpOut, **MOVE_ERRORS})
def start_follow_up(request: HttpRequest, follow_up_id: int, data: FollowUpNoteIn) -> Any:
    f = _follow_up(request, follow_up_id)
    return actions.do_move_follow_up(f, "start", note=data.note, actor=request.user)


@router.post("/joint/follow-ups/{follow_up_id}/done", response={200: FollowUpOut, **MOVE_ERRORS})
def finish_follow_up(request: HttpRequest, follow_up_id: int, data: FollowUpNoteIn) -> Any:
    """Done (the owner unit's contact, or whoever runs the body), also after the deadline."""
    f = _follow_up(request, follow_up_id)
    return actions.do_move_follow_up(f, "done", note=data.note, actor=request.user)
