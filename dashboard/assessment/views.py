"""The assessment's pages: the office's list (compute a month, what waits), an assessment
with its rankings and steps, a row with how each item was computed (adjust, appeal,
decide), the worker's own scores, the appeals to decide, the scheme's weights, the XLSX
export. What a user may not see is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from areas.models import Area
from core import audit, timeutil
from core.http import show_refusal
from core.refusal import Refusal
from core.workflow import allowed
from dashboard import permissions
from dashboard.assessment import actions, compute, export, selectors
from dashboard.assessment.forms import (
    AdjustForm,
    AppealForm,
    ComputeForm,
    DecideForm,
    SchemeForm,
)
from dashboard.assessment.scoring import DEFAULT_WEIGHTS
from dashboard.assessment.workflow import ASSESSMENTS
from dashboard.models import Appeal, AppealStatus, AssessmentStatus, Subject


def _require(user: Any) -> None:
    if not permissions.sees_assessments(user):
        raise Http404


def _months() -> list[dt.date]:
    this = compute.month_start(timeutil.today())
    return [this, compute.previous_month(this)]


def _assessed_areas(user: Any, levels: tuple[str, ...] = ("subdistrict",)) -> list[Area]:
    return list(
        Area.objects.filter(
            permissions.assess_q(user, "code"), level__in=levels, active=True
        ).order_by("code")
    )


@login_required
def index(request: Any) -> HttpResponse:
    _require(request.user)
    user = request.user
    waiting = request.GET.get("waiting") == "1"
    found = selectors.waiting(user) if waiting else selectors.assessments(user)
    form = None
    if permissions.is_assessor(user):
        areas = _assessed_areas(user)
        if areas:
            form = ComputeForm(areas=areas, months=_months())
    return render(
        request,
        "dashboard/assessment/index.html",
        {
            "assessments": list(found.order_by("-month", "area__code")[:48]),
            "waiting": waiting,
            "form": form,
            "assessor": permissions.is_assessor(user),
            "appeals": selectors.appeals_to_decide(user).count(),
            "assessed": permissions.is_assessed(user),
        },
    )


@login_required
@require_POST
def compute_month(request: Any) -> HttpResponse:
    user = request.user
    areas = _assessed_areas(user)
    if not areas:
        raise Http404
    form = ComputeForm(request.POST, areas=areas, months=_months())
    if form.is_valid():
        area = next(a for a in areas if a.code == form.cleaned_data["area"])
        try:
            a = actions.do_compute_assessment(
                area, month=dt.date.fromisoformat(form.cleaned_data["month"]), actor=user
            )
        except Refusal as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The month is computed; review it, then publish."))
            return HttpResponseRedirect(reverse("dashboard:assessment", args=[a.pk]))
    return HttpResponseRedirect(reverse("dashboard:assessment_index"))


def _assessment(user: Any, pk: int) -> Any:
    found = selectors.get_assessment(user, pk)
    if found is None:
        raise Http404
    return found


@login_required
def assessment(request: Any, pk: int) -> HttpResponse:
    a = _assessment(request.user, pk)
    kind = request.GET.get("kind", Subject.WORKER)
    if kind not in Subject.values:
        kind = Subject.WORKER
    assessor = permissions.may_assess(request.user, a.area.code)
    return render(
        request,
        "dashboard/assessment/assessment.html",
        {
            "a": a,
            "kind": kind,
            "kinds": Subject.choices,
            "rows": selectors.ranked(a, kind, request.user),
            "steps": [
                (s, ASSESSMENTS.label(s))
                for s in allowed(ASSESSMENTS, a.status)
                if s != "recompute"
            ]
            if assessor
            else [],
            "recompute": assessor and a.status == AssessmentStatus.DRAFT,
            "weights": [(k, w) for k, w in a.scheme.weights.items() if w],
            "assessor": assessor,
        },
    )


@login_required
@require_POST
def step(request: Any, pk: int, action: str) -> HttpResponse:
    a = _assessment(request.user, pk)
    do = {
        "review": actions.do_review_assessment,
        "reopen": actions.do_reopen_assessment,
        "publish": actions.do_publish_assessment,
    }.get(action)
    if do is None:
        raise Http404
    try:
        do(a, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
    return HttpResponseRedirect(reverse("dashboard:assessment", args=[a.pk]))


@login_required
@require_POST
def recompute(request: Any, pk: int) -> HttpResponse:
    a = _assessment(request.user, pk)
    try:
        actions.do_compute_assessment(a.area, month=a.month, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
    return HttpResponseRedirect(reverse("dashboard:assessment", args=[a.pk]))


def _row(user: Any, pk: int) -> Any:
    found = selectors.get_row(user, pk)
    if found is None:
        raise Http404
    return found


def _row_page(request: Any, row: Any, **forms: Any) -> HttpResponse:
    user = request.user
    a = row.assessment
    assessor = permissions.may_assess(user, a.area.code)
    is_current = not hasattr(row, "replaced_by")
    appeals = list(
        Appeal.objects.filter(row__in=_versions(row))
        .select_related("submitted_by", "decided_by")
        .order_by("-submitted_at")
    )
    open_keys = {p.item for p in appeals if p.status == AppealStatus.SUBMITTED}
    keys = [i["key"] for i in row.items if i["key"] not in open_keys]
    may_appeal = is_current and permissions.may_appeal(user, row) and bool(keys)
    for p in appeals:
        p.decide_form = (  # type: ignore[attr-defined]
            (forms.get("decide") if forms.get("decide_pk") == p.pk else None) or DecideForm()
            if p.status == AppealStatus.SUBMITTED and permissions.may_decide_appeal(user, p)
            else None
        )
    return render(
        request,
        "dashboard/assessment/row.html",
        {
            "row": row,
            "a": a,
            "items": [selectors.explain(i) for i in row.items],
            "ranks": selectors.ranks_of(row)
            if a.status != AssessmentStatus.DRAFT or assessor
            else None,
            "versions": _versions(row),
            "appeals": appeals,
            "adjust_form": (
                forms.get("adjust")
                or AdjustForm(initial={"points": row.adjustment, "reason": row.reason})
            )
            if assessor and a.status == AssessmentStatus.DRAFT
            else None,
            "appeal_form": (forms.get("appeal") or AppealForm(keys=keys)) if may_appeal else None,
            "newer": getattr(row, "replaced_by", None),
        },
    )


def _versions(row: Any) -> list[Any]:
    """The row and the versions it replaced, newest first."""
    out = [row]
    while out[-1].replaces_id is not None:
        out.append(out[-1].replaces)
    return out


@login_required
def row(request: Any, pk: int) -> HttpResponse:
    return _row_page(request, _row(request.user, pk))


@login_required
@require_POST
def adjust(request: Any, pk: int) -> HttpResponse:
    found = _row(request.user, pk)
    form = AdjustForm(request.POST)
    if form.is_valid():
        try:
            actions.do_adjust_row(
                found,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("The score is adjusted."))
            return HttpResponseRedirect(reverse("dashboard:assessment_row", args=[pk]))
    return _row_page(request, found, adjust=form)


@login_required
@require_POST
def appeal(request: Any, pk: int) -> HttpResponse:
    found = _row(request.user, pk)
    form = AppealForm(request.POST, keys=[i["key"] for i in found.items])
    if form.is_valid():
        try:
            actions.do_submit_appeal(
                found,
                item=form.cleaned_data["item"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("Your appeal is sent to the office."))
            return HttpResponseRedirect(reverse("dashboard:assessment_row", args=[pk]))
    return _row_page(request, found, appeal=form)


@login_required
@require_POST
def decide(request: Any, pk: int) -> HttpResponse:
    found = (
        Appeal.objects.filter(permissions.appeals_visible_to(request.user), pk=pk)
        .select_related("row__assessment__area")
        .first()
    )
    if found is None:
        raise Http404
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            done = actions.do_decide_appeal(
                found,
                uphold=form.cleaned_data["decision"] == "uphold",
                note=form.cleaned_data["note"],
                points=form.cleaned_data["points"],
                actor=request.user,
            )
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("The appeal is decided."))
            target = done.new_row_id or done.row_id
            return HttpResponseRedirect(reverse("dashboard:assessment_row", args=[target]))
    row_found = _row(request.user, found.row_id)
    return _row_page(request, row_found, decide=form, decide_pk=found.pk)


@login_required
def appeals(request: Any) -> HttpResponse:
    if not permissions.is_assessor(request.user):
        raise Http404
    return render(
        request,
        "dashboard/assessment/appeals.html",
        {"appeals": selectors.appeals_to_decide(request.user)},
    )


@login_required
def mine(request: Any) -> HttpResponse:
    _require(request.user)
    new = request.GET.get("new") == "1"
    answered = request.GET.get("answered") == "1"
    rows = selectors.new_scores(request.user) if new else selectors.mine(request.user)
    appeals_found = (
        selectors.answered(request.user) if answered else selectors.my_appeals(request.user)
    )
    return render(
        request,
        "dashboard/assessment/mine.html",
        {
            "rows": [] if answered else list(rows[:24]),
            "appeals": [] if new else list(appeals_found[:24]),
            "new": new,
            "answered": answered,
        },
    )


@login_required
def scheme(request: Any) -> HttpResponse:
    areas = _assessed_areas(request.user, ("subdistrict", "district"))
    if not areas:
        raise Http404
    code = request.GET.get("area") or areas[0].code
    area = next((a for a in areas if a.code == code), None)
    if area is None:
        raise Http404
    current = actions.scheme_for(area)
    weights = current.weights if current else DEFAULT_WEIGHTS
    form = SchemeForm(request.POST or None, initial_weights=weights)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_scheme(
                area, weights=form.weights(), note=form.cleaned_data["note"], actor=request.user
            )
        except Refusal as refusal:
            show_refusal(request, refusal, form)
        else:
            messages.success(request, _("The weights are saved as a new version."))
            return HttpResponseRedirect(reverse("dashboard:assessment_scheme") + f"?area={code}")
    from dashboard.models import AssessmentScheme

    return render(
        request,
        "dashboard/assessment/scheme.html",
        {
            "area": area,
            "areas": areas,
            "current": current,
            "form": form,
            "versions": AssessmentScheme.objects.filter(area=area).order_by("-version")[:12],
        },
    )


@login_required
def export_xlsx(request: Any, pk: int) -> HttpResponse:
    a = _assessment(request.user, pk)
    body = export.xlsx(a, request.user)
    audit.record(request.user, "dashboard.assessment.export", a, {}, area_code=a.area.code)
    response = HttpResponse(
        body,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-{a.area.code}-{a.month:%Y-%m}.xlsx"'
    )
    return response
