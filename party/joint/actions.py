"""Running a joint meeting (联席会议): the body, its member units and their yearly tasks, the
meetings and their follow-ups; each write audited.

Outside the user's sight a body or item is a NotFound refusal; seen but not theirs to change,
Forbidden; the wrong moment (done already) a Conflict; bad input an Invalid naming its field.
A refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from areas.models import Area
from core import audit, timeutil
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import move
from party import permissions
from party.joint.models import (
    BODY_LEVELS,
    TEXT_MAX,
    FollowUp,
    JointBody,
    JointMeeting,
    JointMember,
    UnitTask,
)
from party.joint.workflow import FOLLOW_UPS, TASKS
from party.models import PartnerUnit

LONG_MAX = 2000


def clean_text(value: str, field: str, limit: int, missing: str | None = None) -> str:
    """The stripped text, refused when missing (if `missing` says why) or too long."""
    value = (value or "").strip()
    if not value and missing:
        raise Invalid(missing, field)
    if len(value) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field)
    return value


def _running(body: JointBody, actor: Any) -> JointBody:
    found = JointBody.objects.select_related("area").get(pk=body.pk)
    if not permissions.can_view_joint_body(actor, found):
        raise NotFound(_("No such joint meeting."))
    if not permissions.may_run_joint_body(actor, found):
        raise Forbidden(_("Only the office of the joint meeting's area runs it."))
    return found


@transaction.atomic
def do_create_joint_body(area: Area, *, name: str, actor: Any) -> JointBody:
    """A joint meeting of a district, subdistrict or community, set up by whoever edits
    party organisations there."""
    if not permissions.may_edit(actor, area.code):
        raise NotFound(_("No such area."))
    if area.level not in BODY_LEVELS:
        raise Invalid(_("A joint meeting is held by a district, subdistrict or community."), "area")
    name = clean_text(name, "name", 100, _("Give the joint meeting a name."))
    body = JointBody.objects.create(area=area, name=name)
    audit.record(actor, "party.joint.create", body, {"name": [None, name]})
    return body


@transaction.atomic
def do_add_joint_member(
    body: JointBody,
    *,
    name: str = "",
    unit: PartnerUnit | None = None,
    contact: User | None = None,
    actor: Any,
) -> JointMember:
    """A member unit: a partner unit (its name by default) or a unit named here; `contact`
    is the account acting for it."""
    found = _running(body, actor)
    name = (name or "").strip() or (unit.name if unit is not None else "")
    name = clean_text(name, "name", 100, _("Name the unit or choose a partner unit."))
    if found.members.filter(name=name).exists():
        raise Invalid(_("This joint meeting has a member unit of that name."), "name")
    try:
        with transaction.atomic():
            member = JointMember.objects.create(body=found, unit=unit, name=name, contact=contact)
    except IntegrityError:
        raise Invalid(_("This joint meeting has a member unit of that name."), "name") from None
    audit.record(
        actor,
        "party.joint.member",
        member,
        {"name": [None, name], "contact": [None, contact.name if contact else None]},
    )
    return member


@transaction.atomic
def do_add_unit_task(member: JointMember, *, year: int, text: str, actor: Any) -> UnitTask:
    """An item of a member unit's yearly task list, for this year or the next."""
    body = _running(member.body, actor)
    task_text = clean_text(text, "text", TEXT_MAX, _("Say what the task is."))
    this = timeutil.today().year
    if isinstance(year, bool) or not isinstance(year, int) or not this - 1 <= year <= this + 1:
        raise Invalid(_("A task list is for last year, this year or the next."), "year")
    task = UnitTask.objects.create(member=member, year=year, text=task_text)
    audit.record(
        actor,
        "party.joint.task",
        task,
        {"text": [None, task_text], "year": [None, year]},
        area_code=body.area.code,
    )
    return task


@transaction.atomic
def do_record_joint_meeting(
    body: JointBody,
    *,
    held_on: dt.date,
    agenda: str,
    place: str = "",
    decisions: str = "",
    attended: Iterable[JointMember] = (),
    actor: Any,
) -> JointMeeting:
    """A meeting held (not in the future): its agenda, the units present (members of the
    body) and the decisions taken."""
    found = _running(body, actor)
    if held_on > timeutil.today():
        raise Invalid(_("A meeting is recorded once it has been held."), "held_on")
    agenda = clean_text(agenda, "agenda", LONG_MAX, _("Give the agenda."))
    place = clean_text(place, "place", 100)
    decisions = clean_text(decisions, "decisions", LONG_MAX)
    present = list(attended)
    if any(m.body_id != found.pk for m in present):
        raise Invalid(_("Only the body's member units attend its meetings."), "attended")
    meeting = JointMeeting.objects.create(
        body=found,
        held_on=held_on,
        place=place,
        agenda=agenda,
        decisions=decisions,
        recorded_by=actor,
    )
    meeting.attended.set(present)
    audit.record(
        actor,
        "party.joint.meeting",
        meeting,
        {
            "held_on": [None, held_on.isoformat()],
            "agenda": [None, agenda],
            "attended": [None, sorted(m.name for m in present)],
        },
    )
    return meeting


@transaction.atomic
def do_add_follow_up(
    meeting: JointMeeting, *, text: str, owner: JointMember, deadline: dt.date, actor: Any
) -> FollowUp:
    """A follow-up of a meeting: what a member unit of the body must do, by a deadline."""
    _running(meeting.body, actor)
    what = clean_text(text, "text", TEXT_MAX, _("Say what must be done."))
    if owner.body_id != meeting.body_id:
        raise Invalid(_("The owner must be a member unit of the joint meeting."), "owner")
    if deadline < meeting.held_on:
        raise Invalid(_("The deadline cannot be before the meeting."), "deadline")
    follow_up = FollowUp.objects.create(meeting=meeting, text=what, owner=owner, deadline=deadline)
    audit.record(
        actor,
        "party.joint.follow_up",
        follow_up,
        {
            "text": [None, what],
            "owner": [None, owner.name],
            "deadline": [None, deadline.isoformat()],
        },
    )
    return follow_up


def _kept(model: type[Any], pk: int, actor: Any) -> Any:
    related = "meeting__body__area" if model is FollowUp else "member__body__area"
    found = model.objects.select_for_update(of=("self",)).select_related(related).get(pk=pk)
    member = found.owner if model is FollowUp else found.member
    member = JointMember.objects.select_related("body__area").get(pk=member.pk)
    if not permissions.can_view_joint_body(actor, member.body):
        raise NotFound(_("No such item."))
    if not permissions.may_keep_unit_item(actor, member):
        raise Forbidden(_("Only the owner unit or the office of the joint meeting keeps it."))
    return found


def _moved(model: type[Any], obj: Any, action: str, note: str, actor: Any) -> Any:
    table = FOLLOW_UPS if model is FollowUp else TASKS
    found = _kept(model, obj.pk, actor)
    note = clean_text(note, "note", TEXT_MAX)
    changes: dict[str, Any] = {"done_on": timeutil.today()} if action == "done" else {}
    if model is FollowUp and note:
        changes["note"] = note
    return move(found, action, actor, changes=changes, note=note, locked=True, table=table)


@transaction.atomic
def do_move_follow_up(follow_up: FollowUp, action: str, *, note: str = "", actor: Any) -> FollowUp:
    """Start or finish a follow-up (its owner unit's contact, or the body's office); done
    also after the deadline; a done follow-up stays done (Conflict)."""
    if action not in ("start", "done"):
        raise Conflict(_("This cannot be done now."))
    return _moved(FollowUp, follow_up, action, note, actor)  # type: ignore[no-any-return]


@transaction.atomic
def do_move_task(task: UnitTask, action: str, *, note: str = "", actor: Any) -> UnitTask:
    """Start or finish a yearly task (its unit's contact, or the body's office)."""
    if action not in ("start", "done"):
        raise Conflict(_("This cannot be done now."))
    return _moved(UnitTask, task, action, note, actor)  # type: ignore[no-any-return]
