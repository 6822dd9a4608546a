"""The venues as a kind of the service circle, and where a community's services are run from."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from activities.models import Venue, VenueKind
from areas.models import Area, ServiceKind, ServicePoint
from areas.nearby import kinds


def venue_places(area_code: str) -> Iterable[kinds.Place]:
    rows = Venue.objects.filter(area__code__startswith=area_code).order_by("name", "pk")
    return [
        kinds.Place(v.name, "venue", v.lon, v.lat, reverse("activities:venue", args=[v.pk]))
        for v in rows.only("pk", "name", "lon", "lat")
    ]


def service_centres(area_code: str) -> dict[int, tuple[float, float]]:
    """Each community's (id →) service centre position in the subtree of `area_code`: its
    party-mass service centre venue, else the service point of that kind; a community with
    neither is absent (what is run from it is then left off the map)."""
    communities = {
        a.code: a.pk for a in Area.objects.filter(code__startswith=area_code).only("pk", "code")
    }
    found: dict[int, tuple[float, float]] = {}
    points = ServicePoint.objects.filter(
        kind=ServiceKind.PARTY_CENTRE, area__code__startswith=area_code
    ).order_by("-code")
    for code, lon, lat in points.values_list("area__code", "lon", "lat"):
        for prefix, pk in communities.items():
            if code.startswith(prefix):
                found[pk] = (lon, lat)
    venues = Venue.objects.filter(
        kind=VenueKind.SERVICE_CENTRE, area__code__startswith=area_code
    ).order_by("-pk")
    for code, lon, lat in venues.values_list("area__code", "lon", "lat"):
        for prefix, pk in communities.items():
            if code.startswith(prefix):
                found[pk] = (lon, lat)
    return found


def register() -> None:
    kinds.register(
        kinds.Kind(
            "venue", pgettext_lazy("venue", "Venues"), venue_places, order=40, colour="#7a5af8"
        )
    )
