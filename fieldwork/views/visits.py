"""Visit pages: the list, the phone form (民情日记), a visit with the steps it offers."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment, User
from accounts.roles import GRID_WORKERS
from areas.models import Household
from areas.permissions import can_view_household
from core import media, timeutil
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal
from fieldwork import links, periods, permissions
from fieldwork.actions.visits import do_record_visit
from fieldwork.models import Visit, VisitKind
from fieldwork.selectors import visits as selectors


def _visit(user: Any, pk: int) -> Visit:
    visit = (
        Visit.objects.select_related("household__building__community", "household__grid")
        .filter(pk=pk)
        .first()
    )
    if visit is None or not permissions.can_view_visit(user, visit):
        raise Http404
    return visit


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    if not (
        permissions.may_visit_anywhere(request.user) or permissions.may_see_coverage(request.user)
    ):
        raise Http404
    page = Paginator(selectors.visits(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "fieldwork/visits.html",
        {
            "page": page,
            "period": periods.current(),
            "may_visit": permissions.may_visit_anywhere(request.user),
        },
    )


def _household(user: Any, code: str) -> Household | None:
    code = (code or "").strip()
    if not code:
        return None
    h = Household.objects.select_related("building__community", "grid").filter(code=code).first()
    if h is None or not (can_view_household(user, h) or permissions.may_record_visit(user, h)):
        return None
    return h


def colleagues(household: Household, user: Any) -> list[User]:
    """The grid's other posted workers, whom a visitor may name as going with them."""
    if not household.grid_id:
        return []
    ids = RoleAssignment.objects.filter(
        area=household.grid_id, role__in=sorted(GRID_WORKERS)
    ).values_list("user_id", flat=True)
    return list(
        User.objects.filter(pk__in=ids, is_active=True).exclude(pk=user.pk).order_by("name")
    )


@login_required
def record(request: AuthedRequest) -> HttpResponse:
    """The phone form. It carries an idempotency key made when the form is drawn, so a retried
    submission (a weak signal) records one visit; the page keeps a draft of what is typed in
    the browser (fieldwork/visit_form.js) until the visit is recorded."""
    if not permissions.may_visit_anywhere(request.user):
        raise Http404
    source = request.POST if request.method == "POST" else request.GET
    household = _household(request.user, source.get("household", ""))
    values: dict[str, Any] = {
        "idempotency_key": secrets.token_urlsafe(24),
        "visited_on": timeutil.today().isoformat(),
        "kind": VisitKind.ROUTINE,
    }
    errors: list[str] = []
    if request.method == "POST":
        post = request.POST
        values = {k: post.get(k, "") for k in post}
        values["visitors"] = post.getlist("visitors")
        if household is None:
            errors.append(_("No such household."))
        else:
            try:
                visit = do_record_visit(
                    household,
                    actor=request.user,
                    visited_on=post.get("visited_on", ""),
                    kind=post.get("kind", ""),
                    found=post.get("found", ""),
                    needs=post.get("needs", ""),
                    visitors=[v for v in post.getlist("visitors") if v.isdigit()],
                    photo=request.FILES.get("photo"),
                    lon=post.get("lon") or None,
                    lat=post.get("lat") or None,
                    idempotency_key=post.get("idempotency_key", ""),
                )
            except Refusal as refusal:
                show_refusal(request, refusal, not_found_page=False)
            else:
                messages.success(request, _("The visit was recorded."))
                return redirect("fieldwork:visit", visit.pk)
    return render(
        request,
        "fieldwork/record.html",
        {
            "household": household,
            "values": values,
            "errors": errors,
            "kinds": VisitKind.choices,
            "colleagues": colleagues(household, request.user) if household else [],
            "far": periods.far_metres(),
        },
    )


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = _visit(request.user, pk)
    return render(
        request,
        "fieldwork/visit.html",
        {
            "visit": visit,
            "visitors": list(visit.visitors.order_by("name")),
            "photo": media.url(visit.photo),
            "links": links.for_visit(request.user, visit),
            "far": periods.far_metres(),
        },
    )


@login_required
def overdue(request: AuthedRequest) -> HttpResponse:
    if not permissions.may_see_coverage(request.user):
        raise Http404
    area = request.GET.get("area", "")
    period = periods.current()
    page = Paginator(selectors.overdue(request.user, area, period), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "fieldwork/overdue.html",
        {
            "page": page,
            "period": period,
            "area": area,
            "days_left": period.days_left(timeutil.today()),
        },
    )
