"""Bulletin pages: the list with what waits and the draft form, a bulletin with its editing
(wording, typical cases with their photos, publish, correct), its PDF and XLSX; the published
results residents read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from areas.models import Area
from cases.models import Case
from core import media
from core.http import AuthedRequest, show_refusal
from core.refusal import Invalid, Refusal
from dashboard import permissions
from dashboard.bulletins import actions, export, selectors
from dashboard.bulletins.models import Bulletin, TypicalCase
from dashboard.bulletins.workflow import BULLETINS

PAGE_SIZE = 30


def _bulletin(user: Any, pk: int) -> Bulletin:
    found = selectors.visible(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def bulletins(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not permissions.may_see_bulletins(user):
        raise Http404
    waiting = selectors.due(user) if permissions.publishes_bulletins(user) else []
    rows: Any = waiting if request.GET.get("due") == "1" else selectors.visible(user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/bulletins/list.html",
        {
            "page": page,
            "due_only": request.GET.get("due") == "1",
            "waiting": waiting,
            "due_month": selectors.due_month(),
            "areas": selectors.draft_areas(user) if permissions.publishes_bulletins(user) else [],
        },
    )


def _month(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise Invalid(_("Choose a month (YYYY-MM)."), "month") from None


@login_required
@require_POST
def draft(request: AuthedRequest) -> HttpResponse:
    area = Area.objects.filter(code=request.POST.get("area", "")).first()
    try:
        if area is None:
            raise Invalid(_("Choose an area."), "area")
        bulletin = actions.do_draft_bulletin(
            area, month=_month(request.POST.get("month", "")), actor=request.user
        )
    except Refusal as refusal:
        show_refusal(request, refusal, not_found_page=False)
        return redirect("dashboard:bulletins")
    messages.success(request, _("Bulletin drafted from the figures."))
    return redirect("dashboard:bulletin", bulletin.pk)


def _photos(rows: list[Any]) -> None:
    """Give each typical case its photos' signed addresses (the reader may see them)."""
    for row in rows:
        row.before_url = media.url(row.before.image) if row.before_id and row.before else ""
        row.after_url = media.url(row.after.image) if row.after_id and row.after else ""


@login_required
def bulletin(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    found = _bulletin(user, pk)
    publisher = permissions.may_publish_bulletin(user, found.area)
    typical = list(found.typical.select_related("before", "after"))
    _photos(typical)
    candidates: list[Case] = []
    if publisher and found.is_draft:
        candidates = selectors.candidates(found)
        for case in candidates:
            case.shots = [(p, media.url(p.image)) for p in case.photos.all()]  # type: ignore[attr-defined]
    return render(
        request,
        "dashboard/bulletins/detail.html",
        {
            "b": found,
            "f": found.figures,
            "typical": typical,
            "publisher": publisher,
            "can_drop": publisher and found.is_draft,
            "candidates": candidates,
            "corrections": found.corrections.order_by("version"),
            "actions": BULLETINS,
        },
    )


def _done(request: AuthedRequest, pk: int, run: Any, message: str) -> HttpResponse:
    found = _bulletin(request.user, pk)
    try:
        result = run(found)
    except Refusal as refusal:
        show_refusal(request, refusal, not_found_page=False)
        return redirect("dashboard:bulletin", found.pk)
    messages.success(request, message)
    return redirect("dashboard:bulletin", getattr(result, "pk", found.pk))


@login_required
@require_POST
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    post = request.POST
    return _done(
        request,
        pk,
        lambda b: actions.do_edit_bulletin(
            b, title=post.get("title", ""), body=post.get("body", ""), actor=request.user
        ),
        _("Wording saved."),
    )


@login_required
@require_POST
def refresh(request: AuthedRequest, pk: int) -> HttpResponse:
    return _done(
        request,
        pk,
        lambda b: actions.do_refresh_bulletin(b, actor=request.user),
        _("Figures generated again."),
    )


def _photo_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


@login_required
@require_POST
def pick(request: AuthedRequest, pk: int) -> HttpResponse:
    post = request.POST

    def run(b: Bulletin) -> Any:
        case = Case.objects.filter(pk=_photo_id(post.get("case", "")) or 0).first()
        if case is None:
            raise Invalid(_("Choose a case of the bulletin's area."), "case")
        actions.do_pick_typical_case(
            b,
            case=case,
            caption=post.get("caption", ""),
            before=_photo_id(post.get("before", "")),
            after=_photo_id(post.get("after", "")),
            photos_checked=post.get("photos_checked") == "on",
            actor=request.user,
        )
        return b

    return _done(request, pk, run, _("Typical case added."))


@login_required
@require_POST
def drop(request: AuthedRequest, pk: int, row: int) -> HttpResponse:
    def run(b: Bulletin) -> Any:
        found = TypicalCase.objects.filter(pk=row, bulletin=b).first()
        if found is None:
            raise Http404
        return actions.do_drop_typical_case(found, actor=request.user)

    return _done(request, pk, run, _("Typical case taken out."))


@login_required
@require_POST
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    return _done(
        request,
        pk,
        lambda b: actions.do_publish_bulletin(b, actor=request.user),
        _("Bulletin published."),
    )


@login_required
@require_POST
def correct(request: AuthedRequest, pk: int) -> HttpResponse:
    return _done(
        request,
        pk,
        lambda b: actions.do_correct_bulletin(b, actor=request.user),
        _("A correction was drafted: edit it, then publish it."),
    )


def _file(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    found = _bulletin(request.user, pk)
    body = export.pdf(found) if kind == "pdf" else export.xlsx(found)
    content_type = export.PDF if kind == "pdf" else export.XLSX
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if kind == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{export.filename(found, kind)}"'
    return response


@login_required
def pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    return _file(request, pk, "pdf")


@login_required
def xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    return _file(request, pk, "xlsx")


@login_required
def my_results(request: AuthedRequest) -> HttpResponse:
    community = selectors.community_of(request.user)
    if community is None:
        raise Http404
    return redirect("dashboard:results", community.code)


@login_required
def results(request: AuthedRequest, code: str) -> HttpResponse:
    area = Area.objects.filter(code=code, active=True).first()
    if area is None or not permissions.may_read_results(request.user, area):
        raise Http404
    found = selectors.results(area)
    page = Paginator(found.typical, 20).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    _photos(page.object_list)
    return render(
        request,
        "dashboard/bulletins/results.html",
        {"r": found, "area": area, "page": page},
    )
