"""The answers of the service circle: what lies within a walk of a point (`near`) and the share
of a community's households with each kind inside the circle (`coverage`).

The walk is measured along the stored roads (`walk.Network`, built for the area and its
surroundings and kept per process until a road changes). Where no road is stored near, the
straight line times `LINLI_WALK_DETOUR` stands in, and every answer names its `Method`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from areas.models import Area, Building, Road
from areas.nearby import kinds, walk
from core.memo import Memo
from core.refusal import Invalid
from core.signals import rows_written

Box = tuple[float, float, float, float]
# Beyond the circle's walk, room for the hops from a place to its road.
MARGIN_M = 300.0
# A point's network covers a cell this many degrees wide (about 1 km) and the walk around it.
CELL = 0.01
_networks: Memo[walk.Network] = Memo(900, size=256, shared="walk-networks")


def speed() -> float:
    return float(settings.LINLI_WALK_METRES_PER_MINUTE)


def minute_choices() -> tuple[int, ...]:
    return tuple(settings.LINLI_CIRCLE_MINUTES) or (15,)


def clean_minutes(value: Any) -> int:
    """The circle's minutes: one of `LINLI_CIRCLE_MINUTES` (the largest when none is given)."""
    choices = minute_choices()
    if value in (None, ""):
        return choices[-1]
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        minutes = -1
    if minutes not in choices:
        raise Invalid(
            _("The circle is %(choices)s minutes.")
            % {"choices": "/".join(str(m) for m in choices)},
            "minutes",
        )
    return minutes


@dataclass(frozen=True)
class Method:
    """How a walk was measured: `roads` along the network, or `straight` × the detour."""

    key: str
    label: str
    detour: float | None = None


def _method(networked: bool) -> Method:
    if networked:
        return Method(
            "roads",
            _("Walking distance along the roads, at %(speed)s metres a minute.")
            % {"speed": f"{speed():g}"},
        )
    detour = float(settings.LINLI_WALK_DETOUR)
    return Method(
        "straight",
        _(
            "No roads are stored here: straight-line distance × %(detour)s, "
            "at %(speed)s metres a minute."
        )
        % {"detour": f"{detour:g}", "speed": f"{speed():g}"},
        detour,
    )


def grow(box: Box, m: float) -> Box:
    dlat = m / 111_320
    dlon = m / (111_320 * max(0.2, math.cos(math.radians((box[1] + box[3]) / 2))))
    return (box[0] - dlon, box[1] - dlat, box[2] + dlon, box[3] + dlat)


def inside(box: Box, lon: float, lat: float) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def reach_metres() -> float:
    """The longest walk asked for, and the hops: how far around an area its network reaches."""
    return max(minute_choices()) * speed() + MARGIN_M


def _lines(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "LineString":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiLineString":
        return list(geometry["coordinates"])
    return []


def network_for(key: tuple[Any, ...], box: Box) -> walk.Network:
    """The walking network of the roads near `box`, kept per process under `key` until a
    road changes (an empty network, without roads there, is kept too)."""

    def load() -> walk.Network:
        rows = Road.objects.near(box).values_list("geometry", flat=True)
        return walk.Network.build(line for g in rows for line in _lines(g))

    return _networks.get(key, load) or walk.Network.build([])


def forget_networks() -> None:
    _networks.clear()


@receiver(post_save, sender=Road)
@receiver(post_delete, sender=Road)
@receiver(rows_written, sender=Road)
def _road_changed(**kwargs: Any) -> None:
    forget_networks()
    transaction.on_commit(forget_networks)


def reach_area(area: Area) -> Area:
    """Where the places near an area are looked for: its parent's subtree (a household by the
    community's edge walks to the next community's clinic), or the area itself at the top."""
    return area.parent if area.parent_id else area  # type: ignore[return-value]


def community_box(community: Area) -> Box | None:
    """The box around the community: its boundary's, else its buildings'."""
    if community.boundary:
        from shapely.geometry import shape

        try:
            return tuple(shape(community.boundary).bounds)  # type: ignore[return-value]
        except (ValueError, TypeError, AttributeError, KeyError):
            pass
    rows = list(Building.objects.filter(community=community).values_list("lon", "lat"))
    if not rows:
        return None
    return (
        min(r[0] for r in rows),
        min(r[1] for r in rows),
        max(r[0] for r in rows),
        max(r[1] for r in rows),
    )


@dataclass(frozen=True)
class Found:
    place: kinds.Place
    metres: float
    minutes: int


@dataclass
class Near:
    lon: float
    lat: float
    minutes: int
    limit_m: float
    method: Method
    groups: list[tuple[kinds.Kind, list[Found]]] = field(default_factory=list)

    @property
    def found(self) -> list[Found]:
        return [f for _kind, items in self.groups for f in items]


def places_in(
    scope: Area, box: Box, keys: Sequence[str] | None = None
) -> dict[str, list[kinds.Place]]:
    return {
        key: [p for p in found if inside(box, p.lon, p.lat)]
        for key, found in kinds.places(scope.code, keys).items()
    }


def _walk_minutes(m: float) -> int:
    return max(1, math.ceil(m / speed() - 1e-9))


def near(
    lon: float,
    lat: float,
    *,
    minutes: int,
    scope: Area,
    community: Area | None = None,
) -> Near:
    """What lies within `minutes`' walk of (lon, lat), by kind, nearest first. `scope` is the
    area whose subtree holds the places looked at; `community`, where the point is a
    household's, lets the walk use that community's kept network."""
    limit = minutes * speed()
    reach = reach_metres()
    box_c = community_box(community) if community is not None else None
    if community is not None and box_c is not None and inside(box_c, lon, lat):
        net = network_for(("community", community.code), grow(box_c, reach))
    else:
        cx, cy = round(lon / CELL) * CELL, round(lat / CELL) * CELL
        cell = (cx - CELL, cy - CELL, cx + CELL, cy + CELL)
        net = network_for(("cell", round(cx, 4), round(cy, 4)), grow(cell, reach))
    around = grow((lon, lat, lon, lat), limit + MARGIN_M)
    answer = Near(lon, lat, minutes, limit, _method(bool(net)))
    origin = net.snap(lon, lat) if net else None
    for kind in kinds.all_kinds():
        places = places_in(scope, around, [kind.key]).get(kind.key, [])
        points = [(p.lon, p.lat) for p in places]
        if origin is not None:
            walks = net.walks_from(origin, net.snap_many(points), limit)
        else:
            walks = walk.straight(lon, lat, points, answer.method.detour or 1.0)
        found = sorted(
            (
                Found(p, round(d), _walk_minutes(d))
                for p, d in zip(places, walks, strict=True)
                if d <= limit
            ),
            key=lambda f: (f.metres, f.place.name),
        )
        if found:
            answer.groups.append((kind, found))
    return answer


@dataclass(frozen=True)
class KindCoverage:
    kind: kinds.Kind
    places: int  # of the kind within reach of the community
    covered: int  # households with one inside the circle
    households: int

    @property
    def share(self) -> float:
        return self.covered / self.households if self.households else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class Coverage:
    community: Area
    minutes: int
    method: Method
    households: int
    kinds: list[KindCoverage]
    # Each building: (code, name, lon, lat, households, {kind key: walk in metres or inf}).
    buildings: list[tuple[str, str, float, float, int, dict[str, float]]]


def coverage(
    community: Area,
    *,
    minutes: int,
) -> Coverage:
    """The share of the community's households with each kind within `minutes`' walk: one
    multi-source Dijkstra per kind over the network, every building read from it."""
    limit = minutes * speed()
    rows = list(
        Building.objects.filter(community=community)
        .annotate(n=Count("household_set"))
        .order_by("code")
        .values_list("code", "name", "lon", "lat", "n")
    )
    box = community_box(community)
    if box is None:
        return Coverage(community, minutes, _method(False), 0, [], [])
    reach = reach_metres()
    net = network_for(("community", community.code), grow(box, reach))
    method = _method(bool(net))
    points = [(r[2], r[3]) for r in rows]
    snaps = net.snap_many(points) if net else []
    found = places_in(reach_area(community), grow(box, limit + MARGIN_M))
    walks: dict[str, list[float]] = {}
    for kind in kinds.all_kinds():
        places = found.get(kind.key, [])
        if not places:
            walks[kind.key] = [math.inf] * len(rows)
        elif net:
            walks[kind.key] = net.nearest_walks(
                snaps, net.snap_many([(p.lon, p.lat) for p in places]), limit
            )
        else:
            detour = method.detour or 1.0
            walks[kind.key] = [
                min(walk.straight(x, y, [(p.lon, p.lat) for p in places], detour))
                for x, y in points
            ]
    total = sum(r[4] for r in rows)
    result = []
    for kind in kinds.all_kinds():
        w = walks[kind.key]
        covered = sum(r[4] for r, d in zip(rows, w, strict=True) if d <= limit)
        result.append(KindCoverage(kind, len(found.get(kind.key, [])), covered, total))
    buildings = [
        (r[0], r[1], r[2], r[3], r[4], {k: walks[k][i] for k in walks}) for i, r in enumerate(rows)
    ]
    return Coverage(community, minutes, method, total, result, buildings)
