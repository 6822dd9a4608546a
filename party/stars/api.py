"""Star rating in the party API: the criteria and thresholds, assessments (list, open,
detail, the steps) and the published ratings. An assessment in progress is seen where its
organisation is (`view_party`); a published one by every signed-in user; 404 outside. A step
the caller may see but not take is a 403, one the status does not allow a 409. Registered
on `party.api.router`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
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
from party.stars import actions, measures, scoring, selectors
from party.stars.models import Assessment, AssessmentItem, AssessmentStatus, Criterion

ERRORS = errors(400, 404)
STEP_ERRORS = errors(400, 403, 404, 409)
Status_ = Annotated[str, OneOf(lambda: AssessmentStatus.values)]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=4, decimal_places=1)]


class StarCriterionOut(Schema):
    id: int
    title: str
    measure: str = Field(description="Empty: scored by hand with evidence.")
    measure_label: str
    points: int
    target: Decimal | None
    evidence: str

    @staticmethod
    def resolve_measure_label(c: Criterion) -> str:
        return measures.label(c.measure) if c.measure else ""


class StarScaleOut(Schema):
    five: Decimal
    four: Decimal
    three: Decimal
    two: Decimal


class StarItemOut(Schema):
    id: int
    title: str
    measure: str
    points: int
    target: Decimal | None
    evidence_asked: str
    measured: Decimal | None
    self_score: Decimal | None
    evidence: str
    review_score: Decimal | None
    score: Decimal | None


class StarAssessmentOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    year: int
    status: Status_
    total: Decimal
    max_points: int
    stars: int | None

    @staticmethod
    def resolve_organisation_name(a: Assessment) -> str:
        return a.organisation.name


class StarStepOut(Schema):
    action: str
    before: Status_
    after: Status_
    note: str
    at: dt.datetime


class StarAssessmentDetailOut(StarAssessmentOut):
    review_note: str
    items: list[StarItemOut]
    steps: list[StarStepOut]
    actions: list[str] = Field(description="The steps the caller may take now.")

    @staticmethod
    def resolve_items(a: Assessment) -> list[AssessmentItem]:
        return list(a.items.all())

    @staticmethod
    def resolve_steps(a: Assessment) -> list[Any]:
        return list(a.steps.all())

    @staticmethod
    def resolve_actions(a: Assessment) -> list[str]:
        return list(getattr(a, "may", []))


class StarAssessmentPage(Schema):
    count: int
    page: int
    pages: int
    items: list[StarAssessmentOut]


class PublishedRatingOut(Schema):
    organisation_id: int
    organisation_name: str
    community: str
    year: int
    stars: int
    total: Decimal
    max_points: int

    @staticmethod
    def resolve_organisation_name(a: Assessment) -> str:
        return a.organisation.name

    @staticmethod
    def resolve_community(a: Assessment) -> str:
        above = a.organisation.area.parent
        return above.name if above else ""


class PublishedRatingPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PublishedRatingOut]


class StarOpenIn(Schema):
    organisation_id: int
    year: int


class StarSelfItemIn(Schema):
    item_id: int
    score: Score | None = None
    evidence: str = Field("", max_length=2000)


class StarSelfIn(Schema):
    items: list[StarSelfItemIn]


class StarReviewItemIn(Schema):
    item_id: int
    score: Score


class StarReviewIn(Schema):
    items: list[StarReviewItemIn] = []
    note: str = Field("", max_length=2000)


class StarReturnIn(Schema):
    note: str = Field(max_length=2000)


def may(user: Any, a: Assessment) -> list[str]:
    """The steps `user` may take on `a` now (its buttons)."""
    from core.workflow import allowed
    from party.stars.workflow import ASSESSMENTS

    steps = allowed(ASSESSMENTS, a.status)
    if permissions.may_self_assess(user, a.organisation):
        return [s for s in steps if s == "submit"]
    if permissions.may_review_assessment(user, a):
        return [s for s in steps if s != "submit"]
    return []


def _detail(request: HttpRequest, pk: int) -> Assessment:
    found = selectors.get_assessment(request.user, pk)
    if found is None:
        raise NotFound(_("No such assessment."))
    found.may = may(request.user, found)  # type: ignore[attr-defined]
    return found


def _require_party(request: HttpRequest) -> None:
    if not permissions.may_see_party(request.user):
        raise NotFound(_("No such page."))


@router.get("/stars/criteria", response={200: list[StarCriterionOut], **ERRORS})
def star_criteria(request: HttpRequest) -> Any:
    """The criteria in use: items, points, evidence asked for, and the measure of each
    automatic item (full points at `target`)."""
    _require_party(request)
    return list(Criterion.objects.filter(active=True).order_by("position", "pk"))


@router.get("/stars/scale", response={200: StarScaleOut, **ERRORS})
def star_scale(request: HttpRequest) -> Any:
    """The share of the points possible (%) needed for five, four, three and two stars."""
    return scoring.scale()


@router.get("/stars/assessments", response={200: StarAssessmentPage, **ERRORS})
def list_assessments(
    request: HttpRequest,
    paging: Query[PageIn],
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None,
    status: Status_ | None = None,
    organisation: int | None = None,
) -> Any:
    """Assessments the caller may see, latest year first."""
    _require_party(request)
    qs = selectors.assessments(request.user)
    if year is not None:
        qs = qs.filter(year=year)
    if status is not None:
        qs = qs.filter(status=status)
    if organisation is not None:
        qs = qs.filter(organisation_id=organisation)
    return paginate(qs.order_by("-year", "organisation__area__code", "pk"), paging)


@router.post("/stars/assessments", response={201: StarAssessmentDetailOut, **STEP_ERRORS})
def open_assessment(request: HttpRequest, data: StarOpenIn) -> Any:
    """A branch opens its assessment of this year or the last (its secretary)."""
    org = party_selectors.organisations(request.user).filter(pk=data.organisation_id).first()
    if org is None:
        raise NotFound(_("No such organisation."))
    a = actions.do_open_assessment(org, year=data.year, actor=request.user)
    return Status(201, _detail(request, a.pk))


@router.get("/stars/assessments/{assessment_id}", response={200: StarAssessmentDetailOut, **ERRORS})
def assessment_detail(request: HttpRequest, assessment_id: int) -> Any:
    return _detail(request, assessment_id)


@router.put(
    "/stars/assessments/{assessment_id}/self",
    response={200: StarAssessmentDetailOut, **STEP_ERRORS},
)
def self_assess(request: HttpRequest, assessment_id: int, data: StarSelfIn) -> Any:
    """The branch scores its hand items with their evidence (before submitting)."""
    a = _detail(request, assessment_id)
    scores = {i.item_id: (i.score, i.evidence) for i in data.items}
    actions.do_self_assess(a, scores=scores, actor=request.user)
    return _detail(request, assessment_id)


@router.post(
    "/stars/assessments/{assessment_id}/submit",
    response={200: StarAssessmentDetailOut, **STEP_ERRORS},
)
def submit(request: HttpRequest, assessment_id: int) -> Any:
    """Submit the self-assessment; the automatic items are measured now."""
    actions.do_submit_assessment(_detail(request, assessment_id), actor=request.user)
    return _detail(request, assessment_id)


@router.post(
    "/stars/assessments/{assessment_id}/review",
    response={200: StarAssessmentDetailOut, **STEP_ERRORS},
)
def review(request: HttpRequest, assessment_id: int, data: StarReviewIn) -> Any:
    """The level above confirms the hand items' scores (an item not given keeps the
    branch's)."""
    scores = {i.item_id: i.score for i in data.items}
    actions.do_review_assessment(
        _detail(request, assessment_id), scores=scores, note=data.note, actor=request.user
    )
    return _detail(request, assessment_id)


@router.post(
    "/stars/assessments/{assessment_id}/return",
    response={200: StarAssessmentDetailOut, **STEP_ERRORS},
)
def return_assessment(request: HttpRequest, assessment_id: int, data: StarReturnIn) -> Any:
    """The level above returns the assessment to the branch, saying what to change."""
    actions.do_return_assessment(
        _detail(request, assessment_id), note=data.note, actor=request.user
    )
    return _detail(request, assessment_id)


@router.post(
    "/stars/assessments/{assessment_id}/publish",
    response={200: StarAssessmentDetailOut, **STEP_ERRORS},
)
def publish(request: HttpRequest, assessment_id: int) -> Any:
    """The level above publishes a reviewed assessment; its stars are fixed."""
    actions.do_publish_assessment(_detail(request, assessment_id), actor=request.user)
    return _detail(request, assessment_id)


@router.get("/stars/published", response={200: PublishedRatingPage, **ERRORS})
def published(
    request: HttpRequest,
    paging: Query[PageIn],
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None,
) -> Any:
    """Published star ratings (every signed-in user), latest year and most stars first."""
    return paginate(selectors.published(year), paging)
