"""Reporting: a resident's snap report, a grid worker's patrol report, a hotline call."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from accounts.models import User
from areas.models import Area, Building, grid_levels
from areas.my_grid import my_grid
from cases import found_on_patrol, kept_photos, selectors
from cases.actions import do_report_case
from cases.models import Channel
from cases.permissions import may_patrol, may_report_for, sees_coordinates
from cases.photos import MAX_PHOTOS
from cases.views.common import grouped_categories, new_key
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal
from fieldwork.links import VisitLink
from fieldwork.models import Visit
from fieldwork.permissions import can_view_visit

MODES = {
    "report": Channel.APP,
    "patrol": Channel.PATROL,
    "hotline": Channel.HOTLINE_12345,
}


def _building(address: str) -> Building | None:
    address = address.strip()
    if len(address) < 2:
        return None
    rows = list(Building.objects.select_related("grid").filter(address=address)[:2]) or list(
        Building.objects.select_related("grid").filter(name=address)[:2]
    )
    return rows[0] if len(rows) == 1 else None


def map_focus(user: User) -> str:
    """The area code the pin map opens on: the community of the user's household (a
    resident reports around the neighbourhood), else the one area they hold roles on; empty
    (the whole map) when there is no single such area."""
    resident = user.resident
    if resident is not None and resident.household_id:
        found = (
            Area.objects.filter(households=resident.household_id)
            .values_list("parent__code", flat=True)
            .first()
        )
        if found:
            return found
    codes = access.area_codes(user)
    return codes[0] if len(codes) == 1 else ""


def home_place(user: User) -> dict[str, Any] | None:
    """Where the resident lives, for the 随手拍 map to open on: their building's position,
    their grid's and community's names; None for a user with no resident record."""
    if user.resident is None:
        return None
    found = my_grid(user)
    building = user.resident.household.building
    return {
        "lon": building.lon,
        "lat": building.lat,
        "grid": found.grid.name if found.grid else "",
        "community": found.community.name if found.community else "",
    }


def _report(request: AuthedRequest, mode: str) -> HttpResponse:
    if mode == "patrol" and not may_patrol(request.user):
        raise Http404
    if mode == "hotline" and not may_report_for(request.user):
        raise Http404
    values: dict[str, Any] = {"idempotency_key": new_key(), "patrol": request.GET.get("patrol", "")}
    kept: dict[str, list[str]] = {"photos": [], "after_photos": []}
    visit = from_visit(request.user, (request.POST or request.GET).get("visit", ""))
    if visit is not None:
        values.update(visit_values(visit))
    if request.method == "POST":
        post = request.POST
        values = {k: post.get(k, "") for k in post}
        channel = MODES[mode]
        if mode == "hotline" and post.get("channel") == Channel.HOTLINE_96345:
            channel = Channel.HOTLINE_96345
        lon, lat = post.get("lon") or None, post.get("lat") or None
        building = _building(post.get("address", "")) if lon is None or lat is None else None
        if visit is not None and building is None and (lon is None or lat is None):
            building = visit.household.building
        # The photos kept from a refused try come first, then the ones chosen now.
        photos: dict[str, list[Any]] = {}
        for field in kept:
            kept[field], files = kept_photos.load(request.user, post.getlist(f"kept_{field}"))
            photos[field] = [*files, *request.FILES.getlist(field)]
        try:
            check = then = None
            patrol_id = post.get("patrol", "")
            if mode == "patrol" and patrol_id:
                check, then = found_on_patrol.link(request.user, patrol_id, channel)
            case = do_report_case(
                actor=request.user,
                category=post.get("category", ""),
                description=post.get("description", ""),
                channel=channel,
                lon=lon,
                lat=lat,
                building=building,
                address=post.get("address", ""),
                photos=photos["photos"],
                after_photos=photos["after_photos"],
                anonymous=post.get("anonymous") == "on",
                caller_name=post.get("caller_name", ""),
                caller_phone=post.get("caller_phone", ""),
                idempotency_key=post.get("idempotency_key", ""),
                resolve_on_spot=mode == "patrol" and post.get("resolve_on_spot") == "on",
                note=post.get("note", ""),
                check=check,
                then=_chain(link_visit(visit), then),
            )
        except Refusal as refusal:
            show_refusal(request, refusal, not_found_page=False)
            for field in kept:  # nothing photographed is lost to a refusal
                room = MAX_PHOTOS - len(kept[field])
                kept[field] += kept_photos.keep(request.user, request.FILES.getlist(field), room)
        else:
            kept_photos.discard(request.user, [*kept["photos"], *kept["after_photos"]])
            messages.success(request, _("Thank you. Case %(n)s was recorded.") % {"n": case.number})
            if case.patrol_id:  # back to the patrol under way
                return redirect("fieldwork:patrol", case.patrol_id)
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/report.html",
        {
            "mode": mode,
            "groups": grouped_categories(),
            "values": values,
            "hotlines": [Channel.HOTLINE_12345, Channel.HOTLINE_96345],
            "tile_url": settings.LINLI_TILE_URL,
            "focus": map_focus(request.user),
            "home": home_place(request.user),
            "show_coords": sees_coordinates(request.user),
            "kept": kept_photos.thumbnails(request.user, kept["photos"]),
            "kept_after": kept_photos.thumbnails(request.user, kept["after_photos"]),
            "visit": visit,
        },
    )


def from_visit(user: User, visit_id: str) -> Visit | None:
    """The household visit a report comes from (`?visit=`, then a hidden field), if the user
    sees it; the case is linked to it and placed at its household's building."""
    if not str(visit_id).isdigit():
        return None
    visit = Visit.objects.select_related("household__building").filter(pk=int(visit_id)).first()
    if visit is None or not can_view_visit(user, visit):
        return None
    return visit


def visit_values(visit: Visit) -> dict[str, Any]:
    building = visit.household.building
    return {
        "visit": str(visit.pk),
        "description": (visit.needs or visit.found)[:4000],
        "address": building.address or building.name,
    }


def link_visit(visit: Visit | None) -> Any:
    """`then` for do_report_case: the new case names the visit (in the case's transaction)."""
    if visit is None:
        return None

    def then(case: Any) -> None:
        type(case).objects.filter(pk=case.pk).update(visit=visit)
        case.visit = visit

    return then


def _chain(*steps: Any) -> Any:
    """One `then` for do_report_case that runs each given step (the visit's, the patrol's)."""
    steps = tuple(s for s in steps if s is not None)
    if not steps:
        return None

    def then(case: Any) -> None:
        for step in steps:
            step(case)

    return then


def visit_links(user: User, visit: Visit) -> list[VisitLink]:
    """On a visit's page: the cases raised from it that the user sees, and a new one."""
    from cases.permissions import visible

    made = [
        VisitLink(_("Case %(n)s") % {"n": c.number}, reverse("cases:detail", args=[c.pk]), True)
        for c in visible(user).filter(visit=visit).order_by("pk")
    ]
    return [*made, VisitLink(_("Open a case"), reverse("cases:report") + f"?visit={visit.pk}")]


@login_required
def report(request: AuthedRequest) -> HttpResponse:
    return _report(request, "report")


@login_required
def patrol(request: AuthedRequest) -> HttpResponse:
    return _report(request, "patrol")


@login_required
def hotline(request: AuthedRequest) -> HttpResponse:
    return _report(request, "hotline")


@login_required
@require_GET
def duplicates(request: AuthedRequest) -> HttpResponse:
    """The htmx partial under the report form: open cases like this one nearby."""
    try:
        found = selectors.duplicates_for(
            request.user,
            request.GET.get("category", ""),
            request.GET.get("lon"),
            request.GET.get("lat"),
        )
    except Refusal:
        found = []
    return render(request, "cases/_duplicates.html", {"found": found})


@login_required
@require_GET
def grids_geojson(request: AuthedRequest) -> JsonResponse:
    """Grid boundaries for the maps (cached: the district's grids change rarely)."""
    from cases import routing

    key = f"cases:grids-geojson:{cache.get(routing.VERSION_KEY)}"
    data = cache.get(key)
    if data is None:
        rows = Area.objects.filter(level__in=grid_levels(), active=True, boundary__isnull=False)
        data = {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": b, "properties": {"code": code, "name": name}}
                for code, name, b in rows.values_list("code", "name", "boundary")
            ],
        }
        cache.set(key, data, 600)
    return JsonResponse(data)
