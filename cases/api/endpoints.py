"""The endpoints: thin wrappers that parse and call an action; its refusal is answered by the
API's one handler (`linli.api`)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Annotated, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.renderers import JSONRenderer

from accounts.models import User
from areas.models import Building
from cases import actions as A
from cases import found_on_patrol, paging, selectors
from cases.api.schemas import (
    BulkDispatchIn,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CasePage,
    CaseReasonIn,
    CategoryOut,
    CloseIn,
    DecideIn,
    DispatchIn,
    DuplicateOut,
    ExtensionIn,
    HandleIn,
    HandOverIn,
    MergeIn,
    NoteIn,
    RateIn,
    RatingOut,
    RequestOut,
    RevisitIn,
    SupportOut,
    VerifyIn,
)
from cases.models import Case, Category
from cases.permissions import require_view, visible
from cases.workflow import Status as CaseStatus
from core.paging import page_param, page_size_param
from core.refusal import Invalid, NotFound
from core.schemas import ERRORS, OneOf

router = Router(tags=["cases"])


def _case(request: HttpRequest, case_id: int) -> Case:
    case = (
        Case.objects.select_related("category", "area", "owner", "handler", "reporter")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound(_("No such case."))
    require_view(request.user, case)
    return case


def _user(user_id: int) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Invalid("No such user.", "to")
    return user


def _photos(items: list[str]) -> list[SimpleUploadedFile]:
    if len(items) > 4:
        raise Invalid("At most 4 photos.", "photos")
    out = []
    for i, item in enumerate(items):
        raw = item.split(",", 1)[1] if item.startswith("data:") else item
        try:
            data = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise Invalid("A photo is not valid base64.", "photos") from None
        out.append(SimpleUploadedFile(f"photo{i}", data))
    return out


_RENDERER = JSONRenderer()  # as linli.api's, which keeps ninja's default


def _render(request: HttpRequest, status: int, data: dict[str, Any]) -> HttpResponse:
    """`data` answered as the API's renderer would, without validating it against the
    operation's schema again: for the hot intake answer, whose shape the selectors build
    (test_api checks the answer against the schema)."""
    return HttpResponse(
        _RENDERER.render(request, data, response_status=status),
        status=status,
        content_type=_RENDERER.media_type,
    )


def _detail(case: Case, viewer: Any) -> dict[str, Any]:
    # The intake answer stays hand-written (selectors.case_detail_out): bench/case_intake.py.
    if case.intake_rows is not None:
        return selectors.case_detail_out(case, viewer)
    fresh = Case.objects.select_related(*selectors.LIST_RELATED).get(pk=case.pk)
    fresh.replayed = case.replayed
    return selectors.case_detail_out(fresh, viewer)


@router.get("/categories", response=list[CategoryOut])
def categories(request: HttpRequest) -> list[Category]:
    """The category tree (active categories), with levels, departments and time limits."""
    return list(Category.objects.filter(active=True).select_related("parent").order_by("code"))


@router.get("/", response={200: CasePage, **ERRORS})
def list_cases(
    request: HttpRequest,
    status: Annotated[str, OneOf(lambda: ["", "open", *CaseStatus.values])] = "",
    category: str = "",
    area: str = "",
    overdue: bool | None = None,
    desk: bool = Query(
        False, description="only the caller's desk queue: the cases at their own level"
    ),
    page: int = page_param(),
    page_size: int = page_size_param(),
    cursor: str = Query(
        "",
        max_length=200,
        description="the `next` of the previous answer: the page after it, at any depth "
        "(`page` is then only echoed)",
    ),
) -> Status:
    """Cases the caller may see (their areas, their reports, their tasks), newest first;
    `desk` narrows them to the staff desk's queue at the caller's level, as on the desk page.
    `count` stops at 10,000 (`capped`); deep pages go by `cursor`."""
    qs = selectors.filtered(
        selectors.desk_queue(request.user) if desk else visible(request.user),
        status=status,
        category=category,
        area=area,
        overdue=overdue,
    )
    found = paging.page(
        qs.select_related(*selectors.LIST_RELATED).order_by("-reported_at", "-id"),
        page,
        page_size,
        cursor,
    )
    found["results"] = [selectors.case_out(c) for c in found["results"]]
    return Status(200, found)


@router.post("/", response={200: CaseDetailOut, 201: CaseDetailOut, **ERRORS})
def report_case(request: HttpRequest, data: CaseIn) -> Status | HttpResponse:
    """Report a case. Send an `Idempotency-Key` header (or `idempotency_key`): a retry with
    the same key returns the same case with 200 and `replayed: true` instead of a second one."""
    key = request.headers.get("Idempotency-Key", "") or data.idempotency_key
    building = None
    if data.building_code:
        building = Building.objects.select_related("grid").filter(code=data.building_code).first()
        if building is None:
            raise Invalid("Unknown building.", "building_code")
    check = then = None
    if data.patrol is not None:
        check, then = found_on_patrol.link(request.user, data.patrol, data.channel)
    case = A.do_report_case(
        actor=request.user,
        category=data.category,
        description=data.description,
        channel=data.channel,
        lon=data.lon,
        lat=data.lat,
        building=building,
        address=data.address,
        photos=_photos(data.photos),
        after_photos=_photos(data.after_photos),
        anonymous=data.anonymous,
        caller_name=data.caller_name,
        caller_phone=data.caller_phone,
        idempotency_key=key,
        resolve_on_spot=data.resolve_on_spot,
        note=data.note,
        check=check,
        then=then,
    )
    return _render(request, 200 if case.replayed else 201, _detail(case, request.user))


@router.get("/duplicates", response={200: list[DuplicateOut], **ERRORS})
def duplicates(request: HttpRequest, category: str, lon: float, lat: float) -> Status:
    """Open cases of the same category within 100 m from the last 30 days, offered on intake
    so a resident can say "me too" instead of reporting again: a summary without the reporter,
    and the number only of a case the caller may open (`can_open`)."""
    return Status(200, selectors.duplicates_for(request.user, category, lon, lat))


@router.get("/requests", response={200: list[RequestOut], **ERRORS})
def requests_to_decide(request: HttpRequest) -> Status:
    """Extension and suspension requests waiting for the caller's decision."""
    return Status(200, selectors.pending_requests(request.user))


@router.post("/requests/{request_id}/decide", response={200: RequestOut, **ERRORS})
def decide_request(request: HttpRequest, request_id: int, data: DecideIn) -> Status:
    """Approve or deny an extension or suspension (the level above the case only)."""
    decided = A.do_decide_request(
        request_id, approve=data.approve, note=data.note, actor=request.user
    )
    return Status(200, decided)


@router.post("/dispatch", response={200: list[CaseOut], **ERRORS})
def dispatch_bulk(request: HttpRequest, data: BulkDispatchIn) -> Status:
    """Dispatch several cases to one handler: all of them, or none."""
    rows = A.do_dispatch_cases(data.cases, to=_user(data.to), actor=request.user, note=data.note)
    return Status(200, [selectors.case_out(_reload(c)) for c in rows])


def _reload(c: Case) -> Case:
    return Case.objects.select_related(*selectors.LIST_RELATED).get(pk=c.pk)


@router.get("/{case_id}", response={200: CaseDetailOut, **ERRORS})
def case_detail(request: HttpRequest, case_id: int) -> Status:
    """One case with its timeline, photos and dispute record."""
    return Status(200, selectors.case_detail_out(_case(request, case_id), request.user))


def _act(request: HttpRequest, case_id: int, fn: Callable[[Case], Any]) -> Status:
    case = _case(request, case_id)
    fn(case)
    return Status(200, _detail(case, request.user))


@router.post("/{case_id}/accept", response={200: CaseDetailOut, **ERRORS})
def accept(request: HttpRequest, case_id: int, data: NoteIn) -> Status:
    """Accept a reported case; the caller becomes its owner (首问负责)."""
    return _act(request, case_id, lambda c: A.do_accept_case(c, actor=request.user, note=data.note))


@router.post("/{case_id}/reject", response={200: CaseDetailOut, **ERRORS})
def reject(request: HttpRequest, case_id: int, data: CaseReasonIn) -> Status:
    """Reject a reported case with a reason."""
    return _act(
        request, case_id, lambda c: A.do_reject_case(c, actor=request.user, reason=data.reason)
    )


@router.post("/{case_id}/merge", response={200: CaseDetailOut, **ERRORS})
def merge(request: HttpRequest, case_id: int, data: MergeIn) -> Status:
    """Merge this case into another open case; its reporter follows the surviving one."""

    def fn(c: Case) -> Any:
        return A.do_merge_case(
            c, into=_case(request, data.into), actor=request.user, note=data.note
        )

    return _act(request, case_id, fn)


@router.post("/{case_id}/support", response={200: SupportOut, **ERRORS})
def support(request: HttpRequest, case_id: int) -> Status:
    """ "Me too": add your support to an open case."""
    # Anyone signed in may support an open case offered as a duplicate.
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No such case."))
    A.do_support_case(case, actor=request.user)
    return Status(200, {"case_id": case.pk, "supporters": case.supporters.count()})


@router.post("/{case_id}/dispatch", response={200: CaseDetailOut, **ERRORS})
def dispatch(request: HttpRequest, case_id: int, data: DispatchIn) -> Status:
    """Dispatch (or re-dispatch) an accepted case to a handler of its area."""
    return _act(
        request,
        case_id,
        lambda c: A.do_dispatch_case(c, to=_user(data.to), actor=request.user, note=data.note),
    )


@router.post("/{case_id}/start", response={200: CaseDetailOut, **ERRORS})
def start(request: HttpRequest, case_id: int) -> Status:
    """The handler starts work."""
    return _act(request, case_id, lambda c: A.do_start_case(c, actor=request.user))


@router.post("/{case_id}/handle", response={200: CaseDetailOut, **ERRORS})
def handle(request: HttpRequest, case_id: int, data: HandleIn) -> Status:
    """The handler reports the work done, with up to 4 photos (base64)."""
    return _act(
        request,
        case_id,
        lambda c: A.do_handle_case(
            c, actor=request.user, note=data.note, reply=data.reply, photos=_photos(data.photos)
        ),
    )


@router.post("/{case_id}/verify", response={200: CaseDetailOut, **ERRORS})
def verify(request: HttpRequest, case_id: int, data: VerifyIn) -> Status:
    """Verification passes, or fails with a reason (rework)."""
    return _act(
        request,
        case_id,
        lambda c: A.do_verify_case(c, passed=data.passed, note=data.note, actor=request.user),
    )


@router.post("/{case_id}/close", response={200: CaseDetailOut, **ERRORS})
def close(request: HttpRequest, case_id: int, data: CloseIn) -> Status:
    """Close a verified case; the reporter is asked to rate it. `reply` (答复) is what the
    reporter reads; `note` stays internal."""
    return _act(
        request,
        case_id,
        lambda c: A.do_close_case(c, actor=request.user, note=data.note, reply=data.reply),
    )


@router.post("/{case_id}/rate", response={200: RatingOut, **ERRORS})
def rate(request: HttpRequest, case_id: int, data: RateIn) -> Status:
    """Rate a closed case 1–5; 1–2 within 7 days of closing reopens it."""
    case = _case(request, case_id)
    A.do_rate_case(case, score=data.score, comment=data.comment, actor=request.user)
    case.refresh_from_db()
    return Status(200, {"case_id": case.pk, "score": data.score, "status": case.status})


@router.post("/{case_id}/revisit", response={200: CaseDetailOut, **ERRORS})
def revisit(request: HttpRequest, case_id: int, data: RevisitIn) -> Status:
    """回访 by a second worker; unsatisfied reopens the case."""
    return _act(
        request,
        case_id,
        lambda c: A.do_revisit_case(
            c, satisfied=data.satisfied, note=data.note, actor=request.user
        ),
    )


@router.post("/{case_id}/escalate", response={200: CaseDetailOut, **ERRORS})
def escalate(request: HttpRequest, case_id: int, data: CaseReasonIn) -> Status:
    """Escalate to the level above with a reason."""
    return _act(
        request, case_id, lambda c: A.do_escalate_case(c, reason=data.reason, actor=request.user)
    )


@router.post("/{case_id}/extension", response={201: RequestOut, **ERRORS})
def request_extension(request: HttpRequest, case_id: int, data: ExtensionIn) -> Status:
    """Ask the level above for more working days."""
    made = A.do_request_extension(
        _case(request, case_id), days=data.days, reason=data.reason, actor=request.user
    )
    return Status(201, made)


@router.post("/{case_id}/suspension", response={201: RequestOut, **ERRORS})
def request_suspension(request: HttpRequest, case_id: int, data: CaseReasonIn) -> Status:
    """Ask the level above to suspend (挂账) the case."""
    made = A.do_request_suspension(_case(request, case_id), reason=data.reason, actor=request.user)
    return Status(201, made)


@router.post("/{case_id}/resume", response={200: CaseDetailOut, **ERRORS})
def resume(request: HttpRequest, case_id: int, data: NoteIn) -> Status:
    """Resume a suspended case."""
    return _act(request, case_id, lambda c: A.do_resume_case(c, actor=request.user, note=data.note))


@router.post("/{case_id}/hand-over", response={200: CaseDetailOut, **ERRORS})
def hand_over(request: HttpRequest, case_id: int, data: HandOverIn) -> Status:
    """Hand ownership (首问负责) to another user of the area."""
    return _act(
        request,
        case_id,
        lambda c: A.do_hand_over_case(c, to=_user(data.to), reason=data.reason, actor=request.user),
    )
