"""The area browser: district → subdistrict → community → grid → building → household."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from accounts.roles import Capability
from areas import panels, permissions, selectors
from areas.models import (
    Area,
    AreaKind,
    Building,
    Household,
    ResidentTag,
    ServiceKind,
    grid_levels,
    level_names,
)
from core.http import AuthedRequest

MAP_BUILDINGS_MAX = 3000


def map_legend() -> dict[str, object]:
    """The map legend's names, in the reader's language."""
    return {
        "main": str(_("Main road")),
        "street": str(pgettext("road class", "Street")),
        "lane": str(_("Lane")),
        "water": str(_("River")),
        "building": str(_("Building")),
        "services": {k: str(label) for k, label in ServiceKind.choices},
        # Filled in by the map with a footprint's floors.
        "floors": str(_("%(floors)s floors")),
    }


def _map_context(user: object, area: Area, children: list[Area]) -> dict[str, object]:
    buildings: list[Building] = []
    community_len = selectors.code_length("community") if "community" in level_names() else 0
    if len(area.code) >= community_len:
        buildings = list(
            Building.objects.filter(
                Q(grid__code__startswith=area.code) | Q(community__code=area.code)
            ).only("code", "name", "lon", "lat", "floors", "footprint")[:MAP_BUILDINGS_MAX]
        )
    layers = selectors.map_layers(area, children, buildings)
    layers.update(selectors.geography_layers(user, area))
    posts = panels.grid_posts(area) if len(area.code) >= community_len else []
    layers["posts"] = selectors.post_layer(posts)
    # The top area's children (a district's subdistricts) are few: their names stay on the map.
    layers["label_children"] = area.parent_id is None and len(children) <= 8
    layers["legend"] = {**map_legend(), **{f"post_{p.kind_key}": p.kind for p in posts}}
    return {
        "posts": posts,
        "layers": layers,
        "tile_url": settings.LINLI_TILE_URL,
        "tile_attribution": settings.LINLI_TILE_ATTRIBUTION,
    }


# The widest frame a map may ask the geography for (degrees): a district, not a province.
GEOGRAPHY_SPAN_MAX = 1.0


@login_required
@require_GET
def geography(request: AuthedRequest) -> JsonResponse:
    """The roads, water and service points the user sees near `?bbox=min lon,min lat,max lon,
    max lat`, with the legend's names: the layer the case maps and the division plan's maps
    draw with the area map's code (`area_map.js`)."""
    try:
        minx, miny, maxx, maxy = (float(v) for v in request.GET.get("bbox", "").split(","))
    except ValueError:
        return JsonResponse(
            {"detail": _("bbox is four numbers: min lon,min lat,max lon,max lat.")}, status=400
        )
    if not (
        -180 <= minx < maxx <= 180
        and -90 <= miny < maxy <= 90
        and max(maxx - minx, maxy - miny) <= GEOGRAPHY_SPAN_MAX
    ):
        return JsonResponse({"detail": _("bbox is not a frame on the map.")}, status=400)
    layers = selectors.geography_near(request.user, (minx, miny, maxx, maxy))
    layers["legend"] = map_legend()
    return JsonResponse(layers)


@login_required
def browse(request: AuthedRequest) -> HttpResponse:
    """The top areas the user reaches, and area search by name or code."""
    roots = list(selectors.top_areas(request.user))
    q = request.GET.get("q", "")
    results = selectors.search_areas(request.user, q) if q else []
    return render(
        request,
        "areas/browse.html",
        {
            "roots": roots,
            "q": q,
            "results": results,
            "level_label": selectors.level_label,
        },
    )


@login_required
def area(request: AuthedRequest, code: str) -> HttpResponse:
    """One area: its facts, map, children with counts; a grid also shows its posted workers."""
    node = selectors.get_area(request.user, code)
    children = selectors.with_counts(node, list(node.children.filter(active=True)))
    context: dict[str, object] = {
        "area": node,
        "level_name": selectors.level_label(node.level),
        "child_level": selectors.level_label(children[0].level) if children else "",
        "crumbs": selectors.breadcrumbs(request.user, node.parent),
        "children": children,
        "totals": selectors.area_totals(node),
        "tags": ResidentTag.choices,
        "can_reveal": permissions.may(request.user, Capability.REVEAL_PERSONAL, node.code),
        "can_manage": permissions.may(request.user, Capability.MANAGE_USERS, node.code),
        # The branch on a grid is named to everyone who sees the grid (定岗网格); its page
        # only to those who view party organisations here.
        "can_view_party": permissions.may(request.user, Capability.VIEW_PARTY, node.code),
        "is_grid": node.level in grid_levels(),
        **_map_context(request.user, node, children),
    }
    if node.level in grid_levels():
        buildings = selectors.buildings_with_counts(
            Building.objects.filter(grid__code__startswith=node.code)
        ).select_related("compound")
        households = Household.objects.filter(grid__code__startswith=node.code).select_related(
            "building"
        )
        context.update(
            workers=selectors.grid_workers(node),
            branches=panels.grid_branches(node),
            kind_label=dict(AreaKind.choices).get(node.kind, node.kind),
            buildings=buildings,
            households=Paginator(households, 50).get_page(request.GET.get("page")),
        )
    return render(request, "areas/area.html", context)


@login_required
def building(request: AuthedRequest, code: str) -> HttpResponse:
    b = selectors.get_building(request.user, code)
    grid_or_community = b.grid or b.community
    households = Household.objects.filter(building=b).order_by("entrance", "floor", "room", "code")
    households = households.annotate(resident_count=Count("residents"))
    return render(
        request,
        "areas/building.html",
        {
            "building": b,
            "crumbs": selectors.breadcrumbs(request.user, grid_or_community),
            "households": Paginator(households, 100).get_page(request.GET.get("page")),
            "can_edit": permissions.may(
                request.user, Capability.EDIT_REGISTERS, selectors.building_area_code(b)
            ),
        },
    )


@login_required
def household(request: AuthedRequest, code: str) -> HttpResponse:
    h = selectors.get_household(request.user, code)
    area_code = selectors.household_area_code(h)
    return render(
        request,
        "areas/household.html",
        {
            "household": h,
            "crumbs": selectors.breadcrumbs(request.user, h.grid or h.building.community),
            "residents": list(h.residents.order_by("-is_head", "code")),
            "can_edit": permissions.may(request.user, Capability.EDIT_REGISTERS, area_code),
            "carers": panels.household_carers(h),
        },
    )


@login_required
def special(request: AuthedRequest, code: str) -> HttpResponse:
    """A special group (elderly living alone, low-income, …) within an area's subtree."""
    node = selectors.get_area(request.user, code)
    tag = request.GET.get("tag", ResidentTag.ELDERLY_ALONE)
    if tag not in ResidentTag.values:
        raise Http404
    residents = selectors.with_tag(selectors.residents_in(node), tag).select_related(
        "household__building"
    )
    return render(
        request,
        "areas/special.html",
        {
            "area": node,
            "crumbs": selectors.breadcrumbs(request.user, node),
            "tag": tag,
            "tag_label": ResidentTag(tag).label,
            "tags": ResidentTag.choices,
            "page": Paginator(residents, 50).get_page(request.GET.get("page")),
        },
    )
