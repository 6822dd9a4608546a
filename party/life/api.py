"""Organisational life in the party API: the rules, meetings (list, record, detail, correct)
and compliance of an organisation and those below it. Meetings are seen where their
organisation is (`view_party`) and recorded by whoever edits it (`edit_party`); 404 outside.
Registered on `party.api.router`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from areas.api import PageIn, paginate
from core.refusal import NotFound
from core.schemas import OneOf, errors
from party import permissions
from party import selectors as party_selectors
from party.api import router
from party.life import actions, selectors
from party.life.models import Attendance, Frequency, LifeRule, Meeting, MeetingKind
from party.models import OrgLevel, PartyOrganisation

ERRORS = errors(400, 404)
Kind = Annotated[str, OneOf(lambda: MeetingKind.values)]


class LifeRuleOut(Schema):
    level: Annotated[str, OneOf(lambda: OrgLevel.values)]
    kind: Kind
    frequency: Annotated[str, OneOf(lambda: Frequency.values)]
    active: bool


class MeetingAttendanceOut(Schema):
    member_id: int
    name: str
    present: bool
    reason: str

    @staticmethod
    def resolve_name(a: Attendance) -> str:
        return a.member.name


class MeetingOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    kind: Kind
    held_on: dt.date
    counts_for: dt.date
    place: str
    present: int
    due: int

    @staticmethod
    def resolve_organisation_name(m: Meeting) -> str:
        return m.organisation.name

    @staticmethod
    def resolve_present(m: Meeting) -> int:
        return sum(1 for a in m.attendance.all() if a.present)

    @staticmethod
    def resolve_due(m: Meeting) -> int:
        return len(m.attendance.all())


class MeetingDetailOut(MeetingOut):
    agenda: str
    minutes: str
    decisions: str
    attendance: list[MeetingAttendanceOut]

    @staticmethod
    def resolve_attendance(m: Meeting) -> list[Attendance]:
        return list(m.attendance.all())


class MeetingPage(Schema):
    count: int
    page: int
    pages: int
    items: list[MeetingOut]


class MeetingAbsenceIn(Schema):
    member_id: int
    reason: str = Field("", max_length=200)


class MeetingIn(Schema):
    kind: Kind
    held_on: dt.date
    counts_for: dt.date | None = None
    place: str = Field(max_length=100)
    agenda: str
    minutes: str = ""
    decisions: str = ""
    present: list[int] = Field(description="The members who attended.")
    absences: list[MeetingAbsenceIn] = Field(
        [],
        description="Members absent with their reasons. For a committee meeting these and "
        "those present are the ones due; for every other kind all the organisation's members "
        "are due, and those not present are absent.",
    )


class MeetingNewIn(MeetingIn):
    organisation_id: int


class ObligationOut(Schema):
    kind: Kind
    frequency: Annotated[str, OneOf(lambda: Frequency.values)]
    period_start: dt.date
    period_end: dt.date
    status: Annotated[str, OneOf(lambda: selectors.Status.values)]
    meeting_id: int | None


class OrganisationComplianceOut(Schema):
    organisation_id: int
    code: str
    name: str
    level: str
    obligations: list[ObligationOut]


class CompliancePage(Schema):
    count: int
    page: int
    pages: int
    items: list[OrganisationComplianceOut]


def _meetings() -> Any:
    return Meeting.objects.select_related("organisation").prefetch_related("attendance__member")


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    found = _meetings().select_related("organisation__area").filter(pk=meeting_id).first()
    if found is None or not permissions.can_view_meeting(request.user, found):
        raise NotFound(_("No such meeting."))
    return found


def _organisation(request: HttpRequest, org_id: int) -> PartyOrganisation:
    found = party_selectors.organisations(request.user).select_related("area")
    org = found.filter(pk=org_id).first()
    if org is None:
        raise NotFound(_("No such organisation."))
    return org


def _write(data: MeetingIn) -> dict[str, Any]:
    values = data.dict(exclude={"organisation_id", "absences"})
    values["absences"] = {a.member_id: a.reason for a in data.absences}
    return values


@router.get("/life/rules", response={200: list[LifeRuleOut], **ERRORS})
def life_rules(request: HttpRequest) -> Any:
    """三会一课: what each level of organisation holds how often (inactive rules unchecked)."""
    if not permissions.may_see_party(request.user):
        raise NotFound(_("No such page."))
    return list(LifeRule.objects.order_by("level", "kind"))


@router.get("/meetings", response={200: MeetingPage, **ERRORS})
def list_meetings(
    request: HttpRequest,
    paging: Query[PageIn],
    organisation: int | None = None,
    kind: Kind | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Any:
    """Meetings of the organisations the caller may see, latest first."""
    qs = selectors.meetings(request.user).select_related("organisation")
    if organisation is not None:
        qs = qs.filter(organisation_id=organisation)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if since is not None:
        qs = qs.filter(held_on__gte=since)
    if until is not None:
        qs = qs.filter(held_on__lte=until)
    return paginate(qs.prefetch_related("attendance").order_by("-held_on", "-pk"), paging)


@router.post("/meetings", response={201: MeetingDetailOut, **ERRORS})
def record_meeting(request: HttpRequest, data: MeetingNewIn) -> Any:
    """Record a meeting the organisation held (whoever edits the organisation)."""
    org = _organisation(request, data.organisation_id)
    meeting = actions.do_record_meeting(org, actor=request.user, **_write(data))
    return Status(201, _meetings().get(pk=meeting.pk))


@router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS})
def meeting_detail(request: HttpRequest, meeting_id: int) -> Any:
    return _meeting(request, meeting_id)


@router.put("/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS})
def correct_meeting(request: HttpRequest, meeting_id: int, data: MeetingIn) -> Any:
    """Correct a meeting's record; the attendance given replaces the one stored."""
    meeting = actions.do_edit_meeting(
        _meeting(request, meeting_id), actor=request.user, **_write(data)
    )
    return _meetings().get(pk=meeting.pk)


@router.get("/organisations/{org_id}/compliance", response={200: CompliancePage, **ERRORS})
def compliance(
    request: HttpRequest,
    org_id: int,
    paging: Query[PageIn],
    on: dt.date | None = None,
    periods: Annotated[int, Field(ge=1, le=12)] = 1,
) -> Any:
    """The obligations of the organisation and those below it, each in its `periods` periods
    up to the one holding `on` (today in Asia/Shanghai by default): held, late, missing or
    due. Paged by organisation."""
    org = _organisation(request, org_id)
    orgs = party_selectors.organisations(request.user).filter(
        pk__in=[org.pk, *selectors.below(org).values_list("pk", flat=True)]
    )
    found = paginate(orgs.filter(level__in=LifeRule.objects.values("level")), paging)
    if isinstance(found, Status):
        return found
    rows = selectors.compliance(found["items"], day=on, n=periods)
    found["items"] = [
        {
            "organisation_id": o.pk,
            "code": o.code,
            "name": o.name,
            "level": o.level,
            "obligations": [
                {
                    "kind": r.rule.kind,
                    "frequency": r.rule.frequency,
                    "period_start": r.period.start,
                    "period_end": r.period.end,
                    "status": r.status,
                    "meeting_id": r.meeting.pk if r.meeting else None,
                }
                for r in rows
                if r.organisation.pk == o.pk
            ],
        }
        for o in found["items"]
    ]
    return found
