"""The areas app's own kinds: the register of service points, one kind per `ServiceKind`
(schools, clinics, markets, bus stops, party-mass service centres, stations)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from areas.models import ServiceKind, ServicePoint
from areas.nearby import kinds

# The map's colours of the service points (areas/static/areas/area_map.js's SERVICE).
COLOURS = {
    ServiceKind.PARTY_CENTRE: "#c8161d",
    ServiceKind.STATION: "#e35d12",
    ServiceKind.SCHOOL: "#2563eb",
    ServiceKind.CLINIC: "#0f9d58",
    ServiceKind.MARKET: "#a16207",
    ServiceKind.BUS_STOP: "#475467",
}
ORDER = [
    ServiceKind.CLINIC,
    ServiceKind.MARKET,
    ServiceKind.SCHOOL,
    ServiceKind.BUS_STOP,
    ServiceKind.PARTY_CENTRE,
    ServiceKind.STATION,
]


def _points(kind: str) -> Callable[[str], Iterable[kinds.Place]]:
    def source(area_code: str) -> Iterable[kinds.Place]:
        rows = ServicePoint.objects.filter(kind=kind, area__code__startswith=area_code)
        return [
            kinds.Place(name, kind, lon, lat)
            for name, lon, lat in rows.order_by("code").values_list("name", "lon", "lat")
        ]

    return source


def register() -> None:
    for i, kind in enumerate(ORDER):
        kinds.register(
            kinds.Kind(
                kind.value, kind.label, _points(kind.value), order=10 + i, colour=COLOURS[kind]
            )
        )
