"""Read endpoints for party organisations, members and partner units (capability
`view_party` on the organisation's area; 404 outside it). Phones are masked."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from areas.api import ERRORS, PageIn, paginate
from core.masking import mask_phone
from core.schemas import OneOf
from party import selectors
from party.models import (
    CrossAppointment,
    OrgLevel,
    PartnershipAgreement,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
)

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

    @staticmethod
    def resolve_area_code(o: PartyOrganisation) -> str:
        return o.area.code

    @staticmethod
    def resolve_area_name(o: PartyOrganisation) -> str:
        return o.area.name

    @staticmethod
    def resolve_member_count(o: PartyOrganisation) -> int:
        # As the list annotated it.
        return getattr(o, "member_count", 0)


class OrganisationDetailOut(OrganisationOut):
    secretary: str | None
    children: list[OrganisationOut]

    @staticmethod
    def resolve_member_count(o: PartyOrganisation) -> int:
        return o.members.count()

    @staticmethod
    def resolve_secretary(o: PartyOrganisation) -> str | None:
        return o.secretary.name if o.secretary else None

    @staticmethod
    def resolve_children(o: PartyOrganisation) -> list[PartyOrganisation]:
        children = o.children.select_related("area").annotate(member_count=Count("members"))
        return list(children.order_by("name"))


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

    @staticmethod
    def resolve_phone(m: PartyMember) -> str:
        return mask_phone(m.phone)

    @staticmethod
    def resolve_home_community_code(m: PartyMember) -> str | None:
        return m.home_community.code if m.home_community else None

    @staticmethod
    def resolve_cross_appointments(m: PartyMember) -> list[CrossAppointment]:
        return list(m.cross_appointments.all())


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

    @staticmethod
    def resolve_area_code(u: PartnerUnit) -> str:
        return u.area.code

    @staticmethod
    def resolve_phone(u: PartnerUnit) -> str:
        return mask_phone(u.phone)

    @staticmethod
    def resolve_agreements(u: PartnerUnit) -> list[PartnershipAgreement]:
        return list(u.agreements.all())


class PartnerPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PartnerOut]


def _members_page(qs: QuerySet[PartyMember], paging: PageIn) -> Any:
    qs = qs.select_related("home_community").prefetch_related("cross_appointments")
    return paginate(qs.order_by("name", "pk"), paging)


@router.get("/organisations", response={200: OrganisationPage, **ERRORS})
def list_organisations(
    request: HttpRequest,
    paging: Query[PageIn],
    parent: int | None = None,
    level: Annotated[str, OneOf(lambda: OrgLevel.values)] | None = None,
    area: str | None = None,
) -> Any:
    """Organisations the caller may see, by parent, level or area subtree."""
    qs = selectors.organisations(request.user).select_related("area")
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if level is not None:
        qs = qs.filter(level=level)
    if area is not None:
        qs = qs.filter(area__code__startswith=area)
    qs = qs.annotate(member_count=Count("members")).order_by("area__code", "level", "name")
    return paginate(qs, paging)


@router.get("/organisations/{org_id}", response={200: OrganisationDetailOut, **ERRORS})
def organisation_detail(request: HttpRequest, org_id: int) -> Any:
    try:
        org = selectors.get_organisation(request.user, org_id)
    except Http404:
        return Status(404, {"detail": _("No such organisation.")})
    return org


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
    return paginate(qs.order_by("name", "pk"), paging)


# Organisational life (三会一课) registers its endpoints on this router.
# Commitments (承诺践诺) register their endpoints on this router.
from party.commitments import api as commitments_api  # noqa: E402, F401
from party.joint import api as joint_api  # noqa: E402, F401
from party.life import api as life_api  # noqa: E402, F401
from party.neworgs import api as neworgs_api  # noqa: E402, F401
from party.posts import api as posts_api  # noqa: E402, F401
from party.stars import api as stars_api  # noqa: E402, F401
