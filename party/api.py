"""Read endpoints for party organisations, members and partner units (capability
`view_party` on the organisation's area; 404 outside it). Phones are masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from areas.api import ERRORS, PageIn, paginate
from core.masking import mask_phone
from party import selectors
from party.models import OrgLevel, PartyMember, PartyOrganisation

router = Router(tags=["party"])


class OrganisationOut(Schema):
    id: int
    code: str
    name: str
    level: str
    kind: str
    parent_id: int | None
    area_code: str
    area_name: str
    member_count: int


class OrganisationDetailOut(OrganisationOut):
    secretary: str | None
    children: list[OrganisationOut]


class OrganisationPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OrganisationOut]


class CrossAppointmentOut(Schema):
    body: str
    body_name: str
    position: str


class MemberOut(Schema):
    id: int
    code: str
    name: str
    organisation_id: int
    phone: str
    in_service: bool
    workplace: str
    home_community_code: str | None
    registered_on: dt.date | None
    joined_on: dt.date | None
    cross_appointments: list[CrossAppointmentOut]


class MemberPage(Schema):
    count: int
    page: int
    pages: int
    items: list[MemberOut]


class AgreementOut(Schema):
    code: str
    organisation_id: int
    starts_on: dt.date
    ends_on: dt.date
    commitments: str


class PartnerOut(Schema):
    id: int
    code: str
    name: str
    area_code: str
    contact: str
    phone: str
    agreements: list[AgreementOut]


class PartnerPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PartnerOut]


def _org(o: PartyOrganisation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "code": o.code,
        "name": o.name,
        "level": o.level,
        "kind": o.kind,
        "parent_id": o.parent_id,
        "area_code": o.area.code,
        "area_name": o.area.name,
        "member_count": getattr(o, "member_count", 0),
    }


def _member(m: PartyMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "code": m.code,
        "name": m.name,
        "organisation_id": m.organisation_id,
        "phone": mask_phone(m.phone),
        "in_service": m.in_service,
        "workplace": m.workplace,
        "home_community_code": m.home_community.code if m.home_community else None,
        "registered_on": m.registered_on,
        "joined_on": m.joined_on,
        "cross_appointments": [
            {"body": c.body, "body_name": c.body_name, "position": c.position}
            for c in m.cross_appointments.all()
        ],
    }


def _members_page(qs: QuerySet[PartyMember], paging: PageIn) -> Any:
    qs = qs.select_related("home_community").prefetch_related("cross_appointments")
    paged = paginate(qs.order_by("name", "pk"), paging)
    if isinstance(paged, Status):
        return paged
    meta, items = paged
    return {**meta, "items": [_member(m) for m in items]}


@router.get("/organisations", response={200: OrganisationPage, **ERRORS})
def list_organisations(
    request: HttpRequest,
    paging: Query[PageIn],
    parent: int | None = None,
    level: str | None = None,
    area: str | None = None,
) -> Any:
    """Organisations the caller may see, by parent, level or area subtree."""
    qs = selectors.organisations(request.user).select_related("area")
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if level is not None:
        if level not in OrgLevel.values:
            return Status(
                400,
                {
                    "detail": _("level is one of %(levels)s.")
                    % {"levels": ", ".join(OrgLevel.values)}
                },
            )
        qs = qs.filter(level=level)
    if area is not None:
        qs = qs.filter(area__code__startswith=area)
    qs = qs.annotate(member_count=Count("members")).order_by("area__code", "level", "name")
    paged = paginate(qs, paging)
    if isinstance(paged, Status):
        return paged
    meta, items = paged
    return {**meta, "items": [_org(o) for o in items]}


@router.get("/organisations/{org_id}", response={200: OrganisationDetailOut, **ERRORS})
def organisation_detail(request: HttpRequest, org_id: int) -> Any:
    try:
        org = selectors.get_organisation(request.user, org_id)
    except Http404:
        return Status(404, {"detail": _("No such organisation.")})
    children = org.children.select_related("area").annotate(member_count=Count("members"))
    return {
        **_org(org),
        "member_count": org.members.count(),
        "secretary": org.secretary.name if org.secretary else None,
        "children": [_org(c) for c in children.order_by("name")],
    }


@router.get("/organisations/{org_id}/members", response={200: MemberPage, **ERRORS})
def organisation_members(request: HttpRequest, org_id: int, paging: Query[PageIn]) -> Any:
    try:
        org = selectors.get_organisation(request.user, org_id)
    except Http404:
        return Status(404, {"detail": _("No such organisation.")})
    return _members_page(org.members.all(), paging)


@router.get("/registrations", response={200: MemberPage, **ERRORS})
def registrations(request: HttpRequest, paging: Query[PageIn], community: str | None = None) -> Any:
    """在职党员双报到: in-service members registered with communities the caller may see."""
    qs = selectors.registrations(request.user)
    if community is not None:
        qs = qs.filter(home_community__code=community)
    return _members_page(qs, paging)


@router.get("/partners", response={200: PartnerPage, **ERRORS})
def partners(request: HttpRequest, paging: Query[PageIn]) -> Any:
    qs = selectors.partner_units(request.user).select_related("area").prefetch_related("agreements")
    paged = paginate(qs.order_by("name", "pk"), paging)
    if isinstance(paged, Status):
        return paged
    meta, items = paged
    return {
        **meta,
        "items": [
            {
                "id": u.pk,
                "code": u.code,
                "name": u.name,
                "area_code": u.area.code,
                "contact": u.contact,
                "phone": mask_phone(u.phone),
                "agreements": [
                    {
                        "code": a.code,
                        "organisation_id": a.organisation_id,
                        "starts_on": a.starts_on,
                        "ends_on": a.ends_on,
                        "commitments": a.commitments,
                    }
                    for a in u.agreements.all()
                ],
            }
            for u in items
        ],
    }
