"""两新 organisations in the party API: the register, coverage per area (covered ÷
organisations), benchmark reviews (对标检视) with their three lists and the items' moves, and
双强红领 certifications with their yearly review. Seen where
`party.permissions.new_organisations_visible_to` says; 404 outside. Registered on
`party.api.router`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from pydantic import StrictInt

from areas.api import PageIn, paginate
from areas.models import Area
from core.refusal import Invalid, NotFound
from core.schemas import OneOf, errors
from party import permissions
from party.api import router
from party.joint.actions import LONG_MAX
from party.joint.models import TEXT_MAX, ItemStatus
from party.models import PartyOrganisation
from party.neworgs import actions, selectors
from party.neworgs.models import (
    BenchmarkReview,
    Certification,
    CertificationResult,
    Coverage,
    ItemList,
    NewOrganisation,
    NewOrgKind,
    ReviewItem,
)
from party.neworgs.views import root_area

ERRORS = errors(400, 404)
WRITE_ERRORS = errors(400, 403, 404)
MOVE_ERRORS = errors(400, 403, 404, 409)
Kind_ = Annotated[str, OneOf(lambda: NewOrgKind.values)]
Coverage_ = Annotated[str, OneOf(lambda: Coverage.values)]
List_ = Annotated[str, OneOf(lambda: ItemList.values)]
ItemStatus_ = Annotated[str, OneOf(lambda: ItemStatus.values)]
Result_ = Annotated[str, OneOf(lambda: CertificationResult.values)]


class NewOrganisationOut(Schema):
    id: int
    code: str
    name: str
    kind: Kind_
    employees: int
    address: str
    area_code: str
    coverage: Coverage_
    party_organisation_id: int | None
    party_organisation_name: str | None

    @staticmethod
    def resolve_area_code(o: NewOrganisation) -> str:
        return o.area.code

    @staticmethod
    def resolve_party_organisation_name(o: NewOrganisation) -> str | None:
        return o.party_organisation.name if o.party_organisation else None


class NewOrganisationPage(Schema):
    count: int
    page: int
    pages: int
    items: list[NewOrganisationOut]


class NewOrganisationIn(Schema):
    name: str = Field(max_length=100)
    kind: Kind_
    employees: StrictInt = Field(ge=0, le=1_000_000)
    address: str = Field("", max_length=200)
    area_code: str = Field(max_length=40)
    coverage: Coverage_ = Coverage.NONE.value
    party_organisation_id: StrictInt | None = None


class NewOrgCoverageRowOut(Schema):
    area_code: str
    area_name: str
    organisations: int
    covered: int
    own: int = Field(description="Covered by their own party organisation.")
    share: float | None = Field(description="covered ÷ organisations; null when none")


class NewOrgCoverageOut(NewOrgCoverageRowOut):
    below: list[NewOrgCoverageRowOut]


class CertificationOut(Schema):
    id: int
    organisation_id: int
    name: str
    certified_on: dt.date
    review_on: dt.date
    result: Result_
    reviewed_on: dt.date | None


class CertificationIn(Schema):
    name: str = Field(max_length=50)
    certified_on: dt.date


class CertificationReviewIn(Schema):
    result: Annotated[str, OneOf(lambda: ["passed", "failed"])]


class BenchmarkItemOut(Schema):
    id: int
    list: List_
    problem_id: int | None
    text: str
    owner: str
    deadline: dt.date
    status: ItemStatus_
    done_on: dt.date | None


class BenchmarkReviewOut(Schema):
    id: int
    organisation_id: int
    held_on: dt.date
    summary: str
    items: list[BenchmarkItemOut]

    @staticmethod
    def resolve_items(r: BenchmarkReview) -> list[ReviewItem]:
        return list(r.items.all())


class NewOrganisationDetailOut(NewOrganisationOut):
    certifications: list[CertificationOut]
    reviews: list[BenchmarkReviewOut]

    @staticmethod
    def resolve_certifications(o: NewOrganisation) -> list[Certification]:
        return list(o.certifications.all())

    @staticmethod
    def resolve_reviews(o: NewOrganisation) -> list[BenchmarkReview]:
        return list(o.reviews.prefetch_related("items"))


class BenchmarkReviewIn(Schema):
    held_on: dt.date
    summary: str = Field("", max_length=LONG_MAX)


class BenchmarkItemIn(Schema):
    list: List_
    problem_id: StrictInt | None = Field(None, description="The problem it answers.")
    text: str = Field(max_length=TEXT_MAX)
    owner: str = Field(max_length=50)
    deadline: dt.date


class BenchmarkItemNoteIn(Schema):
    note: str = Field("", max_length=TEXT_MAX)


def _organisation(request: HttpRequest, org_id: int) -> NewOrganisation:
    found = selectors.organisations(request.user).filter(pk=org_id).first()
    if found is None:
        raise NotFound(_("No such new economic or social organisation."))
    return found


def _row(c: selectors.Cover) -> dict[str, Any]:
    return {
        "area_code": c.area.code,
        "area_name": c.area.name,
        "organisations": c.total,
        "covered": c.covered,
        "own": c.own,
        "share": c.share,
    }


@router.get("/neworgs/coverage", response={200: NewOrgCoverageOut, **ERRORS})
def neworgs_coverage(request: HttpRequest, area: str | None = None) -> Any:
    """两个覆盖: the 两新 organisations of an area (the caller's highest by default) and of each
    area below it, how many a party organisation covers (their own or a joint one)."""
    user = request.user
    if area is not None and not permissions.may(user, permissions.VIEW, area):
        raise NotFound(_("No such area."))
    root = root_area(user, area or "")
    if root is None:
        raise NotFound(_("No such area."))
    covers = selectors.coverage(
        selectors.organisations(user), [root, *root.children.order_by("code")]
    )
    return {**_row(covers[0]), "below": [_row(c) for c in covers[1:]]}


@router.get("/neworgs", response={200: NewOrganisationPage, **ERRORS})
def list_new_organisations(
    request: HttpRequest,
    paging: Query[PageIn],
    area: str | None = None,
    coverage: Coverage_ | None = None,
) -> Any:
    qs = selectors.organisations(request.user)
    if area is not None:
        qs = qs.filter(area__code__startswith=area)
    if coverage is not None:
        qs = qs.filter(coverage=coverage)
    return paginate(qs.order_by("area__code", "name", "pk"), paging)


@router.post("/neworgs", response={201: NewOrganisationOut, **errors(400, 404)})
def add_new_organisation(request: HttpRequest, data: NewOrganisationIn) -> Any:
    """Add a 两新 organisation to the register (whoever edits party organisations there)."""
    area = Area.objects.filter(code=data.area_code).first()
    if area is None:
        raise Invalid(_("No such area."), "area_code")
    org = None
    if data.party_organisation_id is not None:
        org = (
            PartyOrganisation.objects.filter(permissions.scope_q(request.user, "area__code"))
            .select_related("area")
            .filter(pk=data.party_organisation_id)
            .first()
        )
        if org is None:
            raise Invalid(_("No such party organisation."), "party_organisation_id")
    found = actions.do_add_new_organisation(
        area,
        name=data.name,
        kind=data.kind,
        employees=data.employees,
        address=data.address,
        coverage=data.coverage,
        party_organisation=org,
        actor=request.user,
    )
    return Status(201, found)


@router.get("/neworgs/{org_id}", response={200: NewOrganisationDetailOut, **ERRORS})
def new_organisation(request: HttpRequest, org_id: int) -> Any:
    return _organisation(request, org_id)


@router.post("/neworgs/{org_id}/reviews", response={201: BenchmarkReviewOut, **WRITE_ERRORS})
def open_review(request: HttpRequest, org_id: int, data: BenchmarkReviewIn) -> Any:
    """Record a benchmark review (对标检视); its lists are filled item by item."""
    review = actions.do_open_review(
        _organisation(request, org_id),
        held_on=data.held_on,
        summary=data.summary,
        actor=request.user,
    )
    return Status(201, review)


def _review(request: HttpRequest, review_id: int) -> BenchmarkReview:
    found = permissions.reviews_visible_to(request.user).filter(pk=review_id).first()
    if found is None:
        raise NotFound(_("No such review."))
    return found


@router.get("/neworgs/reviews/{review_id}", response={200: BenchmarkReviewOut, **ERRORS})
def review(request: HttpRequest, review_id: int) -> Any:
    """A review with the items of its three lists (problems, corrections, responsibilities)."""
    return _review(request, review_id)


@router.post("/neworgs/reviews/{review_id}/items", response={201: BenchmarkItemOut, **WRITE_ERRORS})
def add_review_item(request: HttpRequest, review_id: int, data: BenchmarkItemIn) -> Any:
    """An item of a list; a correction names the problem it corrects."""
    r = _review(request, review_id)
    problem = None
    if data.problem_id is not None:
        problem = r.items.filter(pk=data.problem_id).first()
        if problem is None:
            raise Invalid(_("Name a problem of this review."), "problem_id")
    item = actions.do_add_review_item(
        r,
        list=data.list,
        text=data.text,
        owner=data.owner,
        deadline=data.deadline,
        problem=problem,
        actor=request.user,
    )
    return Status(201, item)


def _item(request: HttpRequest, item_id: int) -> ReviewItem:
    found = (
        ReviewItem.objects.filter(review__in=permissions.reviews_visible_to(request.user))
        .filter(pk=item_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such item."))
    return found


@router.post("/neworgs/items/{item_id}/start", response={200: BenchmarkItemOut, **MOVE_ERRORS})
def start_review_item(request: HttpRequest, item_id: int, data: BenchmarkItemNoteIn) -> Any:
    return actions.do_move_review_item(
        _item(request, item_id), "start", note=data.note, actor=request.user
    )


@router.post("/neworgs/items/{item_id}/done", response={200: BenchmarkItemOut, **MOVE_ERRORS})
def finish_review_item(request: HttpRequest, item_id: int, data: BenchmarkItemNoteIn) -> Any:
    return actions.do_move_review_item(
        _item(request, item_id), "done", note=data.note, actor=request.user
    )


@router.post("/neworgs/{org_id}/certifications", response={201: CertificationOut, **WRITE_ERRORS})
def certify_secretary(request: HttpRequest, org_id: int, data: CertificationIn) -> Any:
    """双强红领: certify the organisation's party secretary (the first review a year on)."""
    cert = actions.do_certify_secretary(
        _organisation(request, org_id),
        name=data.name,
        certified_on=data.certified_on,
        actor=request.user,
    )
    return Status(201, cert)


@router.post(
    "/neworgs/certifications/{cert_id}/review", response={200: CertificationOut, **MOVE_ERRORS}
)
def review_certification(request: HttpRequest, cert_id: int, data: CertificationReviewIn) -> Any:
    """The yearly review: passed (the next a year on) or failed."""
    found = (
        Certification.objects.filter(organisation__in=selectors.organisations(request.user))
        .filter(pk=cert_id)
        .first()
    )
    if found is None:
        raise NotFound(_("No such certification."))
    return actions.do_review_certification(found, result=data.result, actor=request.user)
