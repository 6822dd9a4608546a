"""Recording and correcting meetings (三会一课), each audited.

Whoever edits the organisation records its meetings (`party.permissions.may_record_meeting`;
a NotFound refusal outside their reach). Bad input is refused with an Invalid naming its field
before anything is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core import audit, timeutil
from core.refusal import Invalid, NotFound
from party import permissions
from party.life import selectors
from party.life.models import NAMED_ATTENDANCE, Attendance, Meeting
from party.models import PartyOrganisation


def _check(actor: Any, org: PartyOrganisation) -> None:
    if not permissions.may_record_meeting(actor, org):
        raise NotFound(_("No such organisation."))


def _clean(
    org: PartyOrganisation,
    *,
    kind: str,
    held_on: dt.date,
    counts_for: dt.date | None,
    place: str,
    agenda: str,
    minutes: str,
    decisions: str,
) -> dict[str, Any]:
    if kind not in selectors.kinds_for(org.level):
        raise Invalid(
            _("A %(level)s does not hold this kind of meeting.")
            % {"level": org.get_level_display()},
            "kind",
        )
    if held_on > timeutil.today():
        raise Invalid(_("A meeting is recorded once it has been held."), "held_on")
    counts_for = counts_for or held_on
    if counts_for > held_on:
        raise Invalid(_("A meeting cannot count for a period after it was held."), "counts_for")
    data = {
        "kind": kind,
        "held_on": held_on,
        "counts_for": counts_for,
        "place": place.strip(),
        "agenda": agenda.strip(),
        "minutes": minutes.strip(),
        "decisions": decisions.strip(),
    }
    if not data["place"]:
        raise Invalid(_("Give the place of the meeting."), "place")
    if not data["agenda"]:
        raise Invalid(_("Give the agenda of the meeting."), "agenda")
    return data


def _checked(
    actor: Any,
    org: PartyOrganisation,
    *,
    present: Iterable[int],
    absences: Mapping[int, str],
    **fields: Any,
) -> tuple[dict[str, Any], list[tuple[int, bool, str]]]:
    """A meeting's record as recording and correcting both check it: the actor may record for
    `org`, the fields (`_clean`) and the attendance of everyone due (`_attendance`)."""
    _check(actor, org)
    data = _clean(org, **fields)
    return data, _attendance(org, fields["kind"], present, absences)


def _write_attendance(meeting: Meeting, rows: list[tuple[int, bool, str]]) -> None:
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member_id=pk, present=here, reason=reason)
        for pk, here, reason in rows
    )


def _attendance(
    org: PartyOrganisation, kind: str, present: Iterable[int], absences: Mapping[int, str]
) -> list[tuple[int, bool, str]]:
    """(member, present, reason) for everyone due: all members of the organisation and those
    below it, or for a committee meeting those the recorder names (present or excused)."""
    due = set(selectors.due_members(org).values_list("pk", flat=True))
    here = set(present)
    away = {int(pk): reason.strip() for pk, reason in absences.items()}
    if not here:
        raise Invalid(_("Tick who attended."), "present")
    if here - due:
        raise Invalid(_("Only the organisation's members attend its meetings."), "present")
    if set(away) - due:
        raise Invalid(_("Only the organisation's members are excused."), "absences")
    if here & set(away):
        raise Invalid(_("A member cannot be both present and absent."), "absences")
    if any(len(reason) > 200 for reason in away.values()):
        raise Invalid(_("A reason has at most 200 characters."), "absences")
    named = kind in NAMED_ATTENDANCE
    rows = [(pk, True, "") for pk in sorted(here)]
    absent = sorted(away) if named else sorted(due - here)
    return rows + [(pk, False, away.get(pk, "")) for pk in absent]


def _summary(rows: list[tuple[int, bool, str]]) -> str:
    present = sum(1 for _pk, here, _r in rows if here)
    return f"{present}/{len(rows)}"


@transaction.atomic
def do_record_meeting(
    organisation: PartyOrganisation,
    *,
    kind: str,
    held_on: dt.date,
    place: str,
    agenda: str,
    present: Iterable[int],
    absences: Mapping[int, str] | None = None,
    counts_for: dt.date | None = None,
    minutes: str = "",
    decisions: str = "",
    actor: Any,
) -> Meeting:
    """Record a meeting an organisation held: a kind its level has a rule for, on a day not
    in the future, counting for its own period or an earlier one (made up late); who was due,
    who attended, and the reasons of those absent."""
    org = (
        PartyOrganisation.objects.select_for_update(of=("self",))
        .select_related("area")
        .get(pk=organisation.pk)
    )
    data, rows = _checked(
        actor,
        org,
        kind=kind,
        held_on=held_on,
        counts_for=counts_for,
        place=place,
        agenda=agenda,
        minutes=minutes,
        decisions=decisions,
        present=present,
        absences=absences or {},
    )
    meeting = Meeting.objects.create(organisation=org, recorded_by=actor, **data)
    _write_attendance(meeting, rows)
    audit.record(
        actor,
        "party.meeting.record",
        meeting,
        {
            "kind": [None, kind],
            "held_on": [None, held_on.isoformat()],
            "counts_for": [None, data["counts_for"].isoformat()],
            "attendance": [None, _summary(rows)],
        },
        area_code=org.area.code,
    )
    return meeting


@transaction.atomic
def do_edit_meeting(
    meeting: Meeting,
    *,
    kind: str,
    held_on: dt.date,
    place: str,
    agenda: str,
    present: Iterable[int],
    absences: Mapping[int, str] | None = None,
    counts_for: dt.date | None = None,
    minutes: str = "",
    decisions: str = "",
    actor: Any,
) -> Meeting:
    """Correct a meeting's record under the same rules as recording it; the attendance is
    replaced by the one given."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organisation__area")
        .get(pk=meeting.pk)
    )
    org = meeting.organisation
    data, rows = _checked(
        actor,
        org,
        kind=kind,
        held_on=held_on,
        counts_for=counts_for,
        place=place,
        agenda=agenda,
        minutes=minutes,
        decisions=decisions,
        present=present,
        absences=absences or {},
    )
    before = sorted(meeting.attendance.values_list("member_id", "present", "reason"))
    changes = audit.diff(meeting, data)
    if before != sorted(rows):
        changes["attendance"] = [
            _summary([(a, b, c) for a, b, c in before]),
            _summary(rows),
        ]
        meeting.attendance.all().delete()
        _write_attendance(meeting, rows)
    if not changes:
        return meeting
    fields = [f for f in data if f in changes]
    for field in fields:
        setattr(meeting, field, data[field])
    if fields:
        meeting.save(update_fields=fields)
    audit.record(actor, "party.meeting.edit", meeting, changes, area_code=org.area.code)
    return meeting
