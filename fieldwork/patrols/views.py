"""Patrol pages: one's patrols and the start form, a patrol with its map, check-ins and end,
and an office's figures per worker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.roles import Capability as C
from areas import selectors as area_selectors
from areas.models import Area
from areas.views.browse import map_legend
from core import timeutil
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal
from fieldwork import permissions
from fieldwork.actions import patrols as actions
from fieldwork.models import KeySpot, Patrol, PatrolStatus
from fieldwork.patrols import panels, selectors

# How often (seconds) the phone samples its position while a patrol is under way, and how
# many samples it sends at once.
SAMPLE_SECONDS = 20
BATCH_SIZE = 10


def _parse_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@login_required
def patrols(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not permissions.may_follow(user):
        raise Http404
    walks = permissions.may_walk(user)
    mine = list(
        Patrol.objects.filter(walker=user).select_related("grid").order_by("-started_at")[:20]
    )
    followed = access.area_codes(user, C.RUN_FIELDWORK)
    area_code = request.GET.get("area", "").strip() or (followed[0] if followed else "")
    figures, area = [], None
    end = _parse_day(request.GET.get("end", "")) or timeutil.today()
    start = _parse_day(request.GET.get("start", "")) or end - dt.timedelta(days=29)
    if area_code and permissions.may_run_campaign(user, area_code):
        area = Area.objects.filter(code=area_code).first()
        if area is not None and start <= end:
            figures = selectors.figures(user, area.code, *selectors.days(start, end))
    return render(
        request,
        "fieldwork/patrols.html",
        {
            "walks": walks,
            "grids": list(selectors.walkable_grids(user)) if walks else [],
            "running": selectors.running(user).first(),
            "mine": mine,
            "area": area,
            "figures": figures,
            "start": start,
            "end": end,
        },
    )


@login_required
@require_POST
def start(request: AuthedRequest) -> HttpResponse:
    grid = Area.objects.filter(code=request.POST.get("grid", "")).first()
    if grid is None:
        messages.error(request, _("Choose a grid."))
        return redirect("fieldwork:patrols")
    try:
        patrol = actions.do_start_patrol(grid, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal, not_found_page=False)
        return redirect("fieldwork:patrols")
    messages.success(request, _("Patrol started. Keep this page open while you walk."))
    return redirect("fieldwork:patrol", patrol.pk)


def _visible(request: AuthedRequest, pk: int) -> Patrol:
    found = (
        permissions.patrols_visible_to(request.user)
        .select_related("grid", "walker")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def patrol(request: AuthedRequest, pk: int) -> HttpResponse:
    p = _visible(request, pk)
    spots = selectors.spots_of(p)
    layers: dict[str, Any] = area_selectors.map_layers(p.grid, [], [])
    layers.update(area_selectors.geography_layers(request.user, p.grid))
    layers["legend"] = map_legend()
    layers["track"] = list(p.track.order_by("seq").values_list("lon", "lat"))
    layers["spots"] = [
        {"name": s.name, "lon": s.lon, "lat": s.lat, "checked": s.checked}  # type: ignore[attr-defined]
        for s in spots
    ]
    own = p.walker_id == request.user.pk
    return render(
        request,
        "fieldwork/patrol.html",
        {
            "p": p,
            "own": own,
            "live": own and p.status == PatrolStatus.RUNNING,
            "spots": spots,
            "check_ins": list(p.check_ins.select_related("spot")),
            "findings": panels.findings(p),
            "report_url": panels.report_url(p),
            "layers": layers,
            "tile_url": settings.LINLI_TILE_URL,
            "tile_attribution": settings.LINLI_TILE_ATTRIBUTION,
            "sample_seconds": SAMPLE_SECONDS,
            "batch_size": BATCH_SIZE,
        },
    )


@login_required
@require_POST
def check_in(request: AuthedRequest, pk: int) -> HttpResponse:
    p = _visible(request, pk)
    spot = KeySpot.objects.filter(pk=request.POST.get("spot") or 0).first()
    try:
        if spot is None:
            raise Http404
        actions.do_check_in(
            p,
            spot,
            lon=request.POST.get("lon") or None,
            lat=request.POST.get("lat") or None,
            note=request.POST.get("note", ""),
            actor=request.user,
        )
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Checked in at %(spot)s.") % {"spot": spot.name})
    return redirect("fieldwork:patrol", p.pk)


@login_required
@require_POST
def end(request: AuthedRequest, pk: int) -> HttpResponse:
    p = _visible(request, pk)
    try:
        actions.do_end_patrol(p, note=request.POST.get("note", ""), actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Patrol ended."))
    return redirect("fieldwork:patrol", p.pk)
