"""Venue pages: the register's list, the map, a venue with a room's week, adding a photo."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import actions, hours, permissions, selectors
from activities.forms import PhotoForm
from activities.models import Venue, VenueKind
from areas import selectors as area_selectors
from areas.models import Area
from areas.views.browse import map_legend
from core.http import show_refusal
from core.media import url as media_url
from core.refusal import Refusal


@login_required
def index(request: Any) -> HttpResponse:
    """The venue register: every venue, by community, filtered by kind."""
    qs = selectors.venues().prefetch_related("rooms")
    kind = request.GET.get("kind", "")
    if kind in VenueKind.values:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "activities/venues.html",
        {
            "page": Paginator(qs.order_by("area__code", "kind", "name", "pk"), 30).get_page(
                request.GET.get("page")
            ),
            "kinds": VenueKind.choices,
            "kind": kind,
            "may_ask": permissions.may_ask(request.user),
            "may_book": permissions.may_use_bookings(request.user),
        },
    )


def _map_area(request: Any) -> Area:
    code = request.GET.get("area", "")
    found = Area.objects.filter(code=code).first() if code else None
    if found is None:
        found = Area.objects.filter(parent=None).order_by("code").first()
    if found is None:
        raise Http404
    return found


@login_required
def venue_map(request: Any) -> HttpResponse:
    """The venues on the area map (the district's by default), coloured by kind."""
    area = _map_area(request)
    children = Area.objects.filter(parent=area).order_by("code")
    layers = area_selectors.map_layers(area, children, [])
    layers.update(area_selectors.geography_layers(request.user, area))
    layers["points"] = selectors.map_points(
        selectors.venues().filter(area__code__startswith=area.code)
    )
    layers["services"] = None  # the venues are this map's places, not the service points
    layers["legend"] = map_legend()
    return render(
        request,
        "activities/map.html",
        {
            "area": area,
            "layers": layers,
            "tile_url": settings.LINLI_TILE_URL,
            "may_book": permissions.may_use_bookings(request.user),
        },
    )


def _venue(pk: int) -> Venue:
    found = selectors.venues().filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def venue(request: Any, pk: int) -> HttpResponse:
    """A venue: where, when open, what it has, who manages it, its photos, and a room's week
    (`?room=`, `?week=` any day of it)."""
    found = _venue(pk)
    rooms = list(found.rooms.all())
    room = next((r for r in rooms if str(r.pk) == request.GET.get("room")), None)
    room = room or (rooms[0] if rooms else None)
    monday = selectors.week_start(request.GET.get("week"))
    manages = permissions.may_manage_venue(request.user, found)
    return render(
        request,
        "activities/venue.html",
        {
            "venue": found,
            "rooms": rooms,
            "room": room,
            "days": selectors.week(room, monday, request.user) if room else [],
            "monday": monday,
            "previous": (monday - dt.timedelta(days=7)).isoformat(),
            "next": (monday + dt.timedelta(days=7)).isoformat(),
            "hours": hours.text(found.opening_hours),
            "photos": [(p, media_url(p.image)) for p in found.photos.all()],
            "manages": manages,
            "photo_form": PhotoForm() if manages else None,
            "may_ask": permissions.may_ask(request.user) and found.active,
            "waiting": selectors.waiting(request.user).filter(room__venue=found)[:20]
            if manages
            else [],
        },
    )


@login_required
@require_POST
def add_photo(request: Any, pk: int) -> HttpResponse:
    found = _venue(pk)
    if not permissions.may_manage_venue(request.user, found):
        raise Http404
    form = PhotoForm(request.POST, request.FILES)
    back = reverse("activities:venue", args=[found.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return HttpResponseRedirect(back)
    try:
        actions.do_add_venue_photo(found, actor=request.user, **form.cleaned_data)
    except Refusal as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Photo added."))
    return HttpResponseRedirect(back)
