"""Lists: my cases, my tasks, the staff desk (filters, bulk dispatch), the map, approvals."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from cases import selectors
from cases.actions import do_decide_request, do_dispatch_cases
from cases.models import Case, Category
from cases.models.categories import localized_name
from cases.permissions import desk_scope_q, is_desk_user
from cases.views.common import paginate
from cases.workflow import BADGE, OPEN, Status
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal

_is_desk = is_desk_user


def desk_cases(request: AuthedRequest) -> tuple[QuerySet[Case], dict[str, str]]:
    """The desk's cases under the request's filters (status defaults to open), and the
    filters as given; the desk page and its export both read through here."""
    f = request.GET
    status = f.get("status", "open")
    qs = selectors.filtered(
        selectors.desk_queue(request.user, all_levels=f.get("level") == "all"),
        status=status,
        category=f.get("category", ""),
        area=f.get("area", ""),
        overdue={"1": True, "0": False}.get(f.get("overdue", "")),
        due=f.get("due", ""),
    )
    filters = {k: f.get(k, "")[:40] for k in ("category", "area", "overdue", "level", "due")}
    return qs, {"status": status[:20], **filters}


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    rate = request.GET.get("rate") == "1"  # the home page's "closed cases to rate"
    qs = selectors.to_rate(request.user) if rate else selectors.my_reports(request.user)
    page = paginate(request, qs)
    title = _("Closed cases to rate") if rate else _("My cases")
    return render(
        request,
        "cases/list.html",
        {"page": page, "title": title, "badge": BADGE, "mine": True},
    )


@login_required
def tasks(request: AuthedRequest) -> HttpResponse:
    f = request.GET  # the home page's lines: overdue tasks, tasks due today
    qs = selectors.filtered(
        selectors.my_tasks(request.user),
        overdue={"1": True}.get(f.get("overdue", "")),
        due=f.get("due", ""),
    )
    page = paginate(request, qs)
    return render(
        request,
        "cases/list.html",
        {"page": page, "title": _("My tasks"), "badge": BADGE, "tasks": True},
    )


@login_required
def desk(request: AuthedRequest) -> HttpResponse:
    if not _is_desk(request.user):
        raise Http404
    f = request.GET
    qs, filters = desk_cases(request)
    status = filters["status"]
    page = paginate(request, qs)
    from areas.models import Area, grid_level

    areas = (
        Area.objects.filter(level__in=["community", grid_level()])
        .filter(desk_scope_q(request.user, "code"))
        .order_by("code")
    )
    handlers = (
        User.objects.filter(
            is_active=True, role_assignments__area__code__in=[a.code for a in areas[:300]]
        )
        .distinct()
        .order_by("name")[:300]
    )
    return render(
        request,
        "cases/desk.html",
        {
            "page": page,
            "badge": BADGE,
            "statuses": Status.choices,
            "status": status,
            "categories": Category.objects.filter(parent__isnull=True).order_by("code"),
            "areas": areas[:300],
            "handlers": handlers,
            "levels": [lv.label for lv in selectors.desk_levels(request.user)],
            "f": f,
            "query": "&".join(f"{k}={v}" for k, v in f.items() if k != "page"),
        },
    )


@login_required
@require_POST
def bulk_dispatch(request: AuthedRequest) -> HttpResponse:
    if not _is_desk(request.user):
        raise Http404
    ids = [int(x) for x in request.POST.getlist("cases") if x.isdigit()]
    to = User.objects.filter(pk=request.POST.get("to") or 0, is_active=True).first()
    try:
        done = do_dispatch_cases(ids, to=to, actor=request.user, note=request.POST.get("note", ""))
    except Refusal as refusal:
        show_refusal(request, refusal, not_found_page=False)
    else:
        messages.success(request, _("%(n)d cases dispatched.") % {"n": len(done)})
    return redirect(request.POST.get("next") or "cases:desk")


@login_required
def case_map(request: AuthedRequest) -> HttpResponse:
    if not _is_desk(request.user):
        raise Http404
    return render(request, "cases/map.html", {"tile_url": settings.LINLI_TILE_URL})


@login_required
def map_data(request: AuthedRequest) -> JsonResponse:
    """Open cases as GeoJSON points (at most 2,000, overdue first)."""
    if not _is_desk(request.user):
        raise Http404
    rows = (
        selectors.desk_queue(request.user, all_levels=True)
        .filter(status__in=OPEN)
        .order_by("-overdue", "due_at")
        .values_list(
            "pk", "lon", "lat", "status", "overdue", "category__name", "category__name_en"
        )[:2000]
    )
    labels = dict(Status.choices)
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {
                        "id": pk,
                        "status": str(labels[status]),
                        "overdue": overdue,
                        "category": localized_name(name, name_en),
                        "url": f"/cases/{pk}/",
                    },
                }
                for pk, lon, lat, status, overdue, name, name_en in rows
            ],
        }
    )


@login_required
def approvals(request: AuthedRequest) -> HttpResponse:
    if not _is_desk(request.user):
        raise Http404
    if request.method == "POST":
        try:
            do_decide_request(
                int(request.POST.get("request", "0") or 0),
                approve=request.POST.get("approve") == "1",
                note=request.POST.get("note", ""),
                actor=request.user,
            )
        except Refusal as refusal:
            show_refusal(request, refusal, not_found_page=False)
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("cases:approvals")
    return render(
        request, "cases/approvals.html", {"rows": selectors.pending_requests(request.user)}
    )
