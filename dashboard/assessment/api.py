"""The assessment in the dashboard API (/api/v1/dashboard/assessment/…): schemes, monthly
assessments with their ranked rows, a row with how each item was computed, the steps
(compute, adjust, review, reopen, publish), the caller's own scores, and appeals. What the
caller may not see is a 404; a step they may see but not take a 403; one the status does
not allow a 409. Registered on `dashboard.api.router`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from areas.models import Area
from core.paging import Page, page_param, page_size_param, paginate
from core.refusal import NotFound
from core.schemas import OneOf, errors
from dashboard import permissions
from dashboard.api import router
from dashboard.assessment import actions, selectors
from dashboard.models import (
    Appeal,
    AppealStatus,
    AssessmentRow,
    AssessmentScheme,
    AssessmentStatus,
    ItemKey,
    MonthlyAssessment,
)

ERRORS = errors(400, 404)
STEP_ERRORS = errors(400, 403, 404, 409)
Key = Annotated[str, OneOf(lambda: ItemKey.values)]
Points = Annotated[Decimal, Field(ge=-20, le=20, max_digits=5, decimal_places=2)]
Weight = Annotated[int, Field(ge=0, le=100, strict=True)]


class AssessmentSchemeOut(Schema):
    id: int
    area_code: str
    version: int
    weights: dict[str, int]
    note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_area_code(s: AssessmentScheme) -> str:
        return s.area.code


class AssessmentSchemeIn(Schema):
    area_code: str = Field(max_length=32)
    weights: dict[Key, Weight] = Field(description="Whole numbers adding up to 100.")
    note: str = Field("", max_length=200)


class AssessmentOut(Schema):
    id: int
    area_code: str
    area_name: str
    month: str = Field(description="YYYY-MM, Asia/Shanghai's calendar month.")
    status: Annotated[str, OneOf(lambda: AssessmentStatus.values)]
    scheme: AssessmentSchemeOut
    computed_at: dt.datetime
    published_at: dt.datetime | None

    @staticmethod
    def resolve_area_code(a: MonthlyAssessment) -> str:
        return a.area.code

    @staticmethod
    def resolve_area_name(a: MonthlyAssessment) -> str:
        return a.area.name

    @staticmethod
    def resolve_month(a: MonthlyAssessment) -> str:
        return f"{a.month:%Y-%m}"


class AssessmentPage(Page[AssessmentOut]):
    pass


class AssessmentComputeIn(Schema):
    area_code: str = Field(max_length=32, description="A subdistrict's code.")
    month: str = Field(pattern=r"^2[0-9]{3}-(0[1-9]|1[0-2])$", description="YYYY-MM")


class AssessmentItemOut(Schema):
    key: Key
    label: str
    figure: str = Field(description="The raw figure in words.")
    rule: str = Field(description="The normalisation in words.")
    raw: float | None
    part: float
    whole: int
    best: int | None = Field(description="For a count: the best figure it was compared with.")
    normalised: Decimal
    weight: int
    points: Decimal


class AssessmentRowOut(Schema):
    id: int
    assessment_id: int
    kind: Literal["worker", "grid"]
    user_id: int | None
    user_name: str
    grid_code: str
    grid_name: str
    community_code: str
    community_name: str
    computed: Decimal
    adjustment: Decimal
    reason: str
    score: Decimal
    version: int
    replaces_id: int | None
    rank: int | None = Field(None, description="Within the subdistrict (equal scores share).")
    community_rank: int | None = None

    @staticmethod
    def resolve_user_name(r: AssessmentRow) -> str:
        return r.user.name if r.user else ""

    @staticmethod
    def resolve_grid_code(r: AssessmentRow) -> str:
        return r.grid.code

    @staticmethod
    def resolve_grid_name(r: AssessmentRow) -> str:
        return r.grid.name

    @staticmethod
    def resolve_community_code(r: AssessmentRow) -> str:
        return r.community.code

    @staticmethod
    def resolve_community_name(r: AssessmentRow) -> str:
        return r.community.name


class AssessmentRowDetailOut(AssessmentRowOut):
    items: list[AssessmentItemOut]

    @staticmethod
    def resolve_items(r: AssessmentRow) -> list[dict[str, Any]]:
        return [{**i, **selectors.explain(i)} for i in r.items]


class AssessmentAdjustIn(Schema):
    points: Points = Field(description="0 takes an adjustment back.")
    reason: str = Field("", max_length=1000)


class AppealOut(Schema):
    id: int
    row_id: int
    item: Key
    reason: str
    status: Annotated[str, OneOf(lambda: AppealStatus.values)]
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    decision: str
    points: Decimal | None
    new_row_id: int | None


class AppealPage(Page[AppealOut]):
    pass


class AppealIn(Schema):
    item: Key
    reason: str = Field(max_length=1000)


class AppealDecisionIn(Schema):
    uphold: bool
    note: str = Field(max_length=1000)
    points: Points | None = Field(None, description="Needed when upheld.")


def _area(request: HttpRequest, code: str) -> Area:
    found = Area.objects.filter(code=code).first()
    if found is None or not permissions.may_assess(request.user, code):
        raise NotFound(_("No such area."))
    return found


def _assessment(request: HttpRequest, pk: int) -> MonthlyAssessment:
    found = selectors.get_assessment(request.user, pk)
    if found is None:
        raise NotFound(_("No such assessment."))
    return found


def _row(request: HttpRequest, pk: int) -> AssessmentRow:
    found = selectors.get_row(request.user, pk)
    if found is None:
        raise NotFound(_("No such assessment row."))
    ranks = selectors.ranks_of(found)
    if ranks and (
        found.assessment.status == "published"
        or permissions.may_assess(request.user, found.assessment.area.code)
    ):
        found.rank = ranks["rank"]  # type: ignore[attr-defined]
        found.community_rank = ranks["community_rank"]  # type: ignore[attr-defined]
    return found


@router.get("/assessment/schemes", response={200: list[AssessmentSchemeOut], **ERRORS})
def schemes(request: HttpRequest, area: str = Query(..., max_length=32)) -> Any:
    """The versions of an area's weights (a subdistrict or district the caller assesses),
    newest first."""
    found = _area(request, area)
    return list(
        AssessmentScheme.objects.filter(area=found).select_related("area").order_by("-version")
    )


@router.post("/assessment/schemes", response={201: AssessmentSchemeOut, **STEP_ERRORS})
def save_scheme(request: HttpRequest, data: AssessmentSchemeIn) -> Any:
    """Save an area's weights as a new version (whole numbers adding up to 100)."""
    scheme = actions.do_save_scheme(
        _area(request, data.area_code), weights=data.weights, note=data.note, actor=request.user
    )
    return Status(201, scheme)


@router.get("/assessment/assessments", response={200: AssessmentPage, **ERRORS})
def list_assessments(
    request: HttpRequest,
    status: Annotated[str, OneOf(lambda: AssessmentStatus.values)] | None = None,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """The assessments the caller sees, latest month first."""
    qs = selectors.assessments(request.user)
    if status:
        qs = qs.filter(status=status)
    return paginate(qs.order_by("-month", "area__code", "pk"), page, page_size)


@router.post("/assessment/assessments", response={201: AssessmentOut, **STEP_ERRORS})
def compute_assessment(request: HttpRequest, data: AssessmentComputeIn) -> Any:
    """Compute a subdistrict's month as a draft (again, while a draft: adjustments kept)."""
    month = dt.date.fromisoformat(f"{data.month}-01")
    a = actions.do_compute_assessment(
        _area(request, data.area_code), month=month, actor=request.user
    )
    return Status(201, _assessment(request, a.pk))


@router.get("/assessment/assessments/{assessment_id}", response={200: AssessmentOut, **ERRORS})
def assessment_detail(request: HttpRequest, assessment_id: int) -> Any:
    return _assessment(request, assessment_id)


@router.get(
    "/assessment/assessments/{assessment_id}/rows",
    response={200: list[AssessmentRowOut], **ERRORS},
)
def assessment_rows(
    request: HttpRequest, assessment_id: int, kind: Literal["worker", "grid"] = "worker"
) -> Any:
    """The current rows of `kind` the caller sees, ranked (within the subdistrict and the
    community, over all the rows)."""
    return selectors.ranked(_assessment(request, assessment_id), kind, request.user)


def _step(request: HttpRequest, assessment_id: int, do: Any) -> Any:
    do(_assessment(request, assessment_id), actor=request.user)
    return _assessment(request, assessment_id)


@router.post(
    "/assessment/assessments/{assessment_id}/review",
    response={200: AssessmentOut, **STEP_ERRORS},
)
def review(request: HttpRequest, assessment_id: int) -> Any:
    """Confirm the review of a draft (its adjustments made)."""
    return _step(request, assessment_id, actions.do_review_assessment)


@router.post(
    "/assessment/assessments/{assessment_id}/reopen",
    response={200: AssessmentOut, **STEP_ERRORS},
)
def reopen(request: HttpRequest, assessment_id: int) -> Any:
    """Take a reviewed assessment back to draft."""
    return _step(request, assessment_id, actions.do_reopen_assessment)


@router.post(
    "/assessment/assessments/{assessment_id}/publish",
    response={200: AssessmentOut, **STEP_ERRORS},
)
def publish(request: HttpRequest, assessment_id: int) -> Any:
    """Publish a reviewed assessment: final from then on; each worker is told."""
    return _step(request, assessment_id, actions.do_publish_assessment)


@router.get("/assessment/rows/{row_id}", response={200: AssessmentRowDetailOut, **ERRORS})
def row_detail(request: HttpRequest, row_id: int) -> Any:
    """A row with each item: the raw figure, the normalisation, the weight and the points."""
    return _row(request, row_id)


@router.post(
    "/assessment/rows/{row_id}/adjust", response={200: AssessmentRowDetailOut, **STEP_ERRORS}
)
def adjust(request: HttpRequest, row_id: int, data: AssessmentAdjustIn) -> Any:
    """Adjust a draft's row with a reason."""
    actions.do_adjust_row(
        _row(request, row_id), points=data.points, reason=data.reason, actor=request.user
    )
    return _row(request, row_id)


@router.get("/assessment/mine", response={200: list[AssessmentRowDetailOut], **ERRORS})
def mine(request: HttpRequest) -> Any:
    """The caller's own published scores (their current versions), newest month first."""
    return list(selectors.mine(request.user)[:24])


@router.get("/assessment/appeals", response={200: AppealPage, **ERRORS})
def list_appeals(
    request: HttpRequest,
    status: Annotated[str, OneOf(lambda: AppealStatus.values)] | None = None,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """Appeals the caller sees: those of the areas they assess, and their own."""
    qs = Appeal.objects.filter(permissions.appeals_visible_to(request.user))
    if status:
        qs = qs.filter(status=status)
    return paginate(qs.order_by("-submitted_at", "-pk"), page, page_size)


@router.post("/assessment/rows/{row_id}/appeals", response={201: AppealOut, **STEP_ERRORS})
def appeal(request: HttpRequest, row_id: int, data: AppealIn) -> Any:
    """Appeal against one item of one's own published score; one open appeal an item."""
    made = actions.do_submit_appeal(
        _row(request, row_id), item=data.item, reason=data.reason, actor=request.user
    )
    return Status(201, made)


@router.post("/assessment/appeals/{appeal_id}/decide", response={200: AppealOut, **STEP_ERRORS})
def decide(request: HttpRequest, appeal_id: int, data: AppealDecisionIn) -> Any:
    """Uphold (the points adjust a new version of the row) or reject, with a reason."""
    found = Appeal.objects.filter(
        permissions.appeals_visible_to(request.user), pk=appeal_id
    ).first()
    if found is None:
        raise NotFound(_("No such appeal."))
    return actions.do_decide_appeal(
        found, uphold=data.uphold, note=data.note, points=data.points, actor=request.user
    )
