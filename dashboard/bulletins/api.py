"""Bulletins and published results in the dashboard API (`dashboard.api.router`): list and
draft bulletins, a bulletin with its frozen figures and typical cases, edit its wording, pick
and drop typical cases, publish, correct, its PDF and XLSX; an area's published results.
Drafts are seen by the area's office, published bulletins by its staff, results by its
residents (`dashboard.permissions`); 404 outside."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from pydantic import StrictBool, StrictInt

from areas.models import Area
from cases.models import Case
from core import media
from core.paging import Page, page_param, page_size_param, paginate
from core.refusal import Conflict, Forbidden, NotFound
from core.schemas import OneOf, errors
from dashboard import permissions
from dashboard.api import router
from dashboard.bulletins import actions, export, selectors
from dashboard.bulletins.models import (
    BODY_MAX,
    CAPTION_MAX,
    TITLE_MAX,
    Bulletin,
    BulletinStatus,
    TypicalCase,
)

MONTH = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$"
Status_ = Annotated[str, OneOf(lambda: BulletinStatus.values)]
MOVE_ERRORS = errors(400, 403, 404, 409)


class BulletinAreaOut(Schema):
    code: str
    name: str
    level: str


class BulletinFigureRowOut(Schema):
    """The indicators' row of an area (`cases.indicators.compute.Row.as_dict`)."""

    area_code: str
    area_name: str
    own_area: bool
    reported: int
    accepted: int
    due: int
    closed: int
    on_time: int
    closure_rate: float | None
    on_time_rate: float | None
    handled: int
    rework: int
    rework_rate: float | None
    ratings: int
    average_rating: float | None
    closed_by_level: dict[str, int]
    level_shares: dict[str, float | None]


class BulletinGridOut(Schema):
    code: str
    name: str
    community: str
    reported: int
    due: int
    closed: int
    on_time: int
    closure_rate: float | None
    on_time_rate: float | None
    average_rating: float | None


class BulletinGridsOut(Schema):
    top: list[BulletinGridOut]
    bottom: list[BulletinGridOut] = Field(description="The worst first.")
    ranked: int = Field(description="Grids with cases due in the month.")


class BulletinOverdueUnitOut(Schema):
    unit: str = Field(description="The department (district level) or the area's name.")
    level: int = Field(
        description="The case level: 0 grid, 1 community, 2 subdistrict, 3 district."
    )
    count: int


class BulletinOverdueOut(Schema):
    count: int
    units: list[BulletinOverdueUnitOut]


class BulletinTrendMonthOut(Schema):
    month: str
    reported: int
    due: int
    closed: int
    on_time_rate: float | None
    average_rating: float | None


class BulletinFiguresOut(Schema):
    """A bulletin's figures as generated from the indicators, frozen once published."""

    version: int
    area: BulletinAreaOut
    month: str
    total: BulletinFigureRowOut
    rows: list[BulletinFigureRowOut]
    grids: BulletinGridsOut
    overdue: BulletinOverdueOut
    trend: list[BulletinTrendMonthOut]


class BulletinOut(Schema):
    id: int
    area_code: str
    area_name: str
    month: str = Field(description="YYYY-MM")
    version: int
    status: Status_
    title: str
    published_at: dt.datetime | None
    corrects_id: int | None
    pdf_url: str
    xlsx_url: str

    @staticmethod
    def resolve_area_code(b: Bulletin) -> str:
        return b.area.code

    @staticmethod
    def resolve_area_name(b: Bulletin) -> str:
        return b.area.name

    @staticmethod
    def resolve_month(b: Bulletin) -> str:
        return b.month.strftime("%Y-%m")

    @staticmethod
    def resolve_pdf_url(b: Bulletin) -> str:
        return f"/api/v1/dashboard/bulletins/{b.pk}/pdf"

    @staticmethod
    def resolve_xlsx_url(b: Bulletin) -> str:
        return f"/api/v1/dashboard/bulletins/{b.pk}/xlsx"


class BulletinTypicalOut(Schema):
    id: int
    case_id: int | None
    category: str
    place: str = Field(description="The compound or building, never finer.")
    caption: str
    before_url: str = Field(description="Signed, expiring address; empty for none.")
    after_url: str

    @staticmethod
    def resolve_before_url(t: TypicalCase) -> str:
        return media.url(t.before.image) if t.before_id and t.before else ""

    @staticmethod
    def resolve_after_url(t: TypicalCase) -> str:
        return media.url(t.after.image) if t.after_id and t.after else ""


class BulletinDetailOut(BulletinOut):
    body: str
    paragraphs: list[str]
    generated_at: dt.datetime
    figures: BulletinFiguresOut
    typical: list[BulletinTypicalOut]
    may_edit: bool = Field(description="The caller may edit, pick cases and publish (a draft).")

    @staticmethod
    def resolve_typical(b: Bulletin) -> list[TypicalCase]:
        return list(b.typical.select_related("before", "after"))


class BulletinPage(Page[BulletinOut]):
    pass


class BulletinIn(Schema):
    area_code: str = Field(max_length=40, description="A subdistrict or community.")
    month: str = Field(pattern=MONTH, description="YYYY-MM, this month or an earlier one.")


class BulletinEditIn(Schema):
    title: str | None = Field(None, max_length=TITLE_MAX)
    body: str | None = Field(None, max_length=BODY_MAX, description="A paragraph a line.")


class BulletinTypicalIn(Schema):
    case_id: StrictInt
    caption: str = Field(max_length=CAPTION_MAX, description="Public words: no names.")
    before_photo_id: StrictInt | None = Field(
        None, description="A photo of the case taken when reported or before handling."
    )
    after_photo_id: StrictInt | None = Field(None, description="A photo after handling.")
    photos_checked: StrictBool = Field(
        False, description="The chooser confirms the photos show no person and no number plate."
    )


class BulletinPhotoOut(Schema):
    id: int
    stage: Annotated[str, OneOf(lambda: ["report", "before", "after"])]
    url: str

    @staticmethod
    def resolve_url(p: Any) -> str:
        return media.url(p.image)


class BulletinCandidateOut(Schema):
    id: int
    number: str
    category: str
    closed_at: dt.datetime | None
    photos: list[BulletinPhotoOut]

    @staticmethod
    def resolve_category(c: Case) -> str:
        return c.category.label

    @staticmethod
    def resolve_photos(c: Case) -> list[Any]:
        return list(c.photos.all())


class ResultsMonthOut(Schema):
    month: str
    reported: int
    due: int
    closed: int
    on_time_rate: float | None
    ratings: int
    average_rating: float | None


class ResultsTypicalOut(Schema):
    """What residents read of a typical case: no case number, no person."""

    month: str
    category: str
    place: str
    caption: str
    before_url: str
    after_url: str

    @staticmethod
    def resolve_month(t: TypicalCase) -> str:
        return t.bulletin.month.strftime("%Y-%m")

    @staticmethod
    def resolve_before_url(t: TypicalCase) -> str:
        return media.url(t.before.image) if t.before_id and t.before else ""

    @staticmethod
    def resolve_after_url(t: TypicalCase) -> str:
        return media.url(t.after.image) if t.after_id and t.after else ""


class ResultsCommitmentOut(Schema):
    text: str
    organisation: str = Field(description="The organisation (a member's is shown under it).")
    status: str
    deadline: dt.date


class ResultsDecisionOut(Schema):
    subject: str
    decision: str
    held_on: dt.date | None
    follow_ups: int = Field(description="The decision's follow-up tasks.")
    done: int = Field(description="Of those, done.")


class ResultsOut(Schema):
    area_code: str
    area_name: str
    months: list[ResultsMonthOut]
    typical: list[ResultsTypicalOut]
    commitments: list[ResultsCommitmentOut]
    decisions: list[ResultsDecisionOut] = Field(
        description="The consultations' decisions at published meetings, newest first."
    )


def _bulletin(request: HttpRequest, bulletin_id: int) -> Bulletin:
    found = selectors.visible(request.user).filter(pk=bulletin_id).first()
    if found is None:
        raise NotFound(_("No such bulletin."))
    return found


def _detail(request: HttpRequest, bulletin: Bulletin) -> Bulletin:
    bulletin.may_edit = bulletin.is_draft and permissions.may_publish_bulletin(  # type: ignore[attr-defined]
        request.user, bulletin.area
    )
    return bulletin


@router.get("/bulletins", response={200: BulletinPage, **errors(400)})
def list_bulletins(
    request: HttpRequest,
    area: str | None = None,
    month: Annotated[str, Field(pattern=MONTH)] | None = None,
    status: Status_ | None = None,
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    """The bulletins the caller sees, latest month first: drafts of their offices, published
    (and superseded) versions of their areas."""
    qs = selectors.visible(request.user)
    if area:
        qs = qs.filter(area__code__startswith=area)
    if month:
        qs = qs.filter(month=dt.date.fromisoformat(f"{month}-01"))
    if status:
        qs = qs.filter(status=status)
    return paginate(qs.order_by("-month", "area__code", "-version"), page, page_size)


@router.post("/bulletins", response={201: BulletinDetailOut, **MOVE_ERRORS})
def draft_bulletin(request: HttpRequest, data: BulletinIn) -> Any:
    """Draft a subdistrict's or community's bulletin of a month from the indicators (the
    area's office). 409 when one is being drafted or the month is published already."""
    area = Area.objects.filter(code=data.area_code, active=True).first()
    if area is None:
        raise NotFound(_("No such area."))
    month = dt.date.fromisoformat(f"{data.month}-01")
    made = actions.do_draft_bulletin(area, month=month, actor=request.user)
    return Status(201, _detail(request, made))


@router.get("/bulletins/{bulletin_id}", response={200: BulletinDetailOut, **errors(404)})
def get_bulletin(request: HttpRequest, bulletin_id: int) -> Any:
    """A bulletin with its wording, figures and typical cases."""
    return _detail(request, _bulletin(request, bulletin_id))


@router.patch("/bulletins/{bulletin_id}", response={200: BulletinDetailOut, **MOVE_ERRORS})
def edit_bulletin(request: HttpRequest, bulletin_id: int, data: BulletinEditIn) -> Any:
    """Change a draft's title or wording; its figures stay. 409 once published."""
    found = actions.do_edit_bulletin(
        _bulletin(request, bulletin_id), title=data.title, body=data.body, actor=request.user
    )
    return _detail(request, found)


@router.post("/bulletins/{bulletin_id}/refresh", response={200: BulletinDetailOut, **MOVE_ERRORS})
def refresh_bulletin(request: HttpRequest, bulletin_id: int) -> Any:
    """Generate a draft's figures again from the indicators."""
    found = actions.do_refresh_bulletin(_bulletin(request, bulletin_id), actor=request.user)
    return _detail(request, found)


@router.get(
    "/bulletins/{bulletin_id}/candidates", response={200: list[BulletinCandidateOut], **MOVE_ERRORS}
)
def bulletin_candidates(request: HttpRequest, bulletin_id: int) -> Any:
    """Closed cases of the area a draft may present, with their photos (the office)."""
    found = _bulletin(request, bulletin_id)
    if not permissions.may_publish_bulletin(request.user, found.area):
        raise Forbidden(_("Only the area's office drafts and publishes its bulletins."))
    if not found.is_draft:
        raise Conflict(_("A published bulletin is frozen: correct it to make a new version."))
    return selectors.candidates(found)


@router.post(
    "/bulletins/{bulletin_id}/typical-cases", response={201: BulletinDetailOut, **MOVE_ERRORS}
)
def pick_typical_case(request: HttpRequest, bulletin_id: int, data: BulletinTypicalIn) -> Any:
    """Present a closed case of the area in a draft, with at most one photo before and one
    after; photos need `photos_checked` (no person, no plate)."""
    found = _bulletin(request, bulletin_id)
    case = Case.objects.filter(pk=data.case_id).first()
    if case is None:
        raise NotFound(_("No such case."), "case_id")
    actions.do_pick_typical_case(
        found,
        case=case,
        caption=data.caption,
        before=data.before_photo_id,
        after=data.after_photo_id,
        photos_checked=data.photos_checked,
        actor=request.user,
    )
    return Status(201, _detail(request, _bulletin(request, bulletin_id)))


@router.delete(
    "/bulletins/{bulletin_id}/typical-cases/{row_id}",
    response={200: BulletinDetailOut, **MOVE_ERRORS},
)
def drop_typical_case(request: HttpRequest, bulletin_id: int, row_id: int) -> Any:
    """Take a typical case out of a draft."""
    found = _bulletin(request, bulletin_id)
    row = TypicalCase.objects.filter(pk=row_id, bulletin=found).first()
    if row is None:
        raise NotFound(_("No such typical case."))
    actions.do_drop_typical_case(row, actor=request.user)
    return _detail(request, _bulletin(request, bulletin_id))


@router.post("/bulletins/{bulletin_id}/publish", response={200: BulletinDetailOut, **MOVE_ERRORS})
def publish_bulletin(request: HttpRequest, bulletin_id: int) -> Any:
    """Publish a draft; it is frozen from then on (a correction supersedes the version it
    corrects)."""
    found = actions.do_publish_bulletin(_bulletin(request, bulletin_id), actor=request.user)
    return _detail(request, found)


@router.post("/bulletins/{bulletin_id}/correct", response={201: BulletinDetailOut, **MOVE_ERRORS})
def correct_bulletin(request: HttpRequest, bulletin_id: int) -> Any:
    """Start a correction of a published bulletin: a new draft version."""
    made = actions.do_correct_bulletin(_bulletin(request, bulletin_id), actor=request.user)
    return Status(201, _detail(request, made))


def _binary(content_type: str, description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _file(request: HttpRequest, bulletin_id: int, kind: str) -> HttpResponse:
    found = _bulletin(request, bulletin_id)
    body = export.pdf(found) if kind == "pdf" else export.xlsx(found)
    response = HttpResponse(body, content_type=export.PDF if kind == "pdf" else export.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(found, kind)}"'
    return response


@router.get(
    "/bulletins/{bulletin_id}/pdf",
    response={200: Any, **errors(404)},
    openapi_extra=_binary(export.PDF, "The bulletin, printable (PDF)"),
)
def bulletin_pdf(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """The bulletin as a PDF (title, wording, figures, typical cases)."""
    return _file(request, bulletin_id, "pdf")


@router.get(
    "/bulletins/{bulletin_id}/xlsx",
    response={200: Any, **errors(404)},
    openapi_extra=_binary(export.XLSX, "The bulletin as an XLSX workbook"),
)
def bulletin_xlsx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """The bulletin as an XLSX workbook (a sheet per table)."""
    return _file(request, bulletin_id, "xlsx")


def _results(area: Area) -> dict[str, Any]:
    found = selectors.results(area)
    return {
        "area_code": area.code,
        "area_name": area.name,
        "months": [
            {
                "month": b.figures["month"],
                **{
                    k: b.figures["total"][k]
                    for k in ("reported", "due", "closed", "on_time_rate", "ratings")
                },
                "average_rating": b.figures["total"]["average_rating"],
            }
            for b in found.bulletins
        ],
        "typical": list(found.typical[:50]),
        "commitments": [
            {
                "text": c.text,
                "organisation": c.organisation.name,
                "status": c.get_status_display(),
                "deadline": c.deadline,
            }
            for c in found.commitments
        ],
        "decisions": found.decisions,
    }


@router.get("/results", response={200: ResultsOut, **errors(404)})
def published_results(request: HttpRequest, area: str | None = None) -> Any:
    """The published results of an area (a subdistrict or community; left out, the caller's
    own community): its published bulletins' figures, the typical cases with the photos the
    office chose, the commitments serving it and the consultations' decisions. Nothing
    personal: no names, phones, case numbers or addresses finer than the compound."""
    found = (
        Area.objects.filter(code=area, active=True).first()
        if area
        else selectors.community_of(request.user)
    )
    if found is None or not permissions.may_read_results(request.user, found):
        raise NotFound(_("No such area."))
    return _results(found)
