"""The demo district's service points: in every community its party-mass service centre (the
community's office, 社区党群服务中心), a station (驿站) and a clinic (卫生服务站); markets in some
communities; the schools, and a health centre in each subdistrict; bus stops along the main roads and
streets, named after the crossing they stand at or the community they serve.

Drawn from a random stream of its own, derived from the demo's seed, so adding them changes
nothing else the demo draws and they are the same at any scale or day."""

from __future__ import annotations

import random
from typing import Any

from shapely.geometry import Point
from shapely.ops import nearest_points, unary_union

from areas.models import Area, RoadClass, ServiceKind, ServicePoint

SCHOOLS = [
    "瓯北第一小学",
    "瓯北第二小学",
    "瓯北第三小学",
    "瓯北第四小学",
    "瓯北第五小学",
    "瓯北中学",
    "瓯北第二中学",
    "永嘉县第二高级中学",
    "江北幼儿园",
    "罗浮幼儿园",
]
STATIONS = ["红色驿站", "暖心驿站", "共享驿站", "爱心驿站"]
# Bus stops stand about this far apart along a road (degrees, ~550 m) and this far off its
# middle (~10 m); a stop this close to another road is named after the crossing (~120 m).
STOP_EVERY = 0.005
STOP_SIDE = 0.0001
CROSSING = 0.0012
# Points inside a block keep this far off its edge (the road), ~20 m.
OFF_ROAD = 0.0002


def _inside(rng: random.Random, shape: Any) -> Point:
    minx, miny, maxx, maxy = shape.bounds
    for _ in range(100):
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if shape.contains(p):
            return p
    return shape.representative_point()


def _ground(blocks: list[Any]) -> Any:
    inner = unary_union([b.buffer(-OFF_ROAD) for b in blocks])
    return inner if not inner.is_empty else unary_union(blocks)


def generate(
    seed: int,
    network: Any,
    shaped: list[tuple[Area, Any, list[Any]]],
    subdistricts: list[tuple[Area, Any]],
) -> dict[int, ServicePoint]:
    """Save the service points; answer each community's party-mass service centre (its office)
    by the community's id. A school or a bus stop belongs to the subdistrict it stands in."""
    rng = random.Random(f"linli-demo-services-{seed}")
    points: list[ServicePoint] = []
    offices: dict[int, ServicePoint] = {}

    def add(area: Area, kind: str, name: str, at: Point, address: str = "") -> ServicePoint:
        seq = sum(1 for p in points if p.area_id == area.pk) + 1
        point = ServicePoint(
            code=f"{area.code}S{seq:03d}",
            name=name,
            kind=kind,
            area=area,
            address=address,
            lon=round(at.x, 6),
            lat=round(at.y, 6),
        )
        points.append(point)
        return point

    grounds = []
    for n, (community, cell, blocks) in enumerate(shaped):
        ground = _ground(blocks)
        grounds.append(ground)
        base = community.name.removesuffix("社区")
        # The office stands near the middle of the community, inside a block.
        office_at = nearest_points(ground, cell.centroid)[0]
        offices[community.pk] = add(
            community,
            ServiceKind.PARTY_CENTRE,
            f"{community.name}党群服务中心",
            office_at,
            f"{base}{rng.randrange(1, 200)}号",
        )
        add(
            community,
            ServiceKind.STATION,
            f"{community.name}{rng.choice(STATIONS)}",
            _inside(rng, ground),
        )
        add(community, ServiceKind.CLINIC, f"{community.name}卫生服务站", _inside(rng, ground))
        if n % 3 == 0 or rng.random() < 0.2:
            add(community, ServiceKind.MARKET, f"{base}农贸市场", _inside(rng, ground))

    def holder(at: Point) -> Area:
        return next((s for s, ground in subdistricts if ground.covers(at)), subdistricts[0][0])

    for name in SCHOOLS:
        at = _inside(rng, grounds[rng.randrange(len(grounds))])
        add(holder(at), ServiceKind.SCHOOL, name, at)
    for subdistrict, _ground_of in subdistricts:
        own = [
            g
            for g, (c, _cell, _b) in zip(grounds, shaped, strict=True)
            if c.parent_id == subdistrict.pk
        ]
        at = _inside(rng, own[rng.randrange(len(own))])
        add(subdistrict, ServiceKind.CLINIC, f"{subdistrict.name}社区卫生服务中心", at)
    _bus_stops(network, shaped, holder, add)
    ServicePoint.objects.bulk_create(points)
    return offices


def _bus_stops(network: Any, shaped: list, holder: Any, add: Any) -> None:
    """A stop every ~550 m along each main road and street, a little to its side."""
    through = [
        (name, line)
        for name, cls, line in network.through
        if cls in (RoadClass.MAIN, RoadClass.STREET) and not line.is_empty
    ]
    seen: set[str] = set()
    for name, line in through:
        parts = list(getattr(line, "geoms", [line]))
        part = max(parts, key=lambda p: p.length)
        at = STOP_EVERY / 2
        while at < part.length:
            here = part.interpolate(at)
            ahead = part.interpolate(min(at + 0.0001, part.length))
            dx, dy = ahead.x - here.x, ahead.y - here.y
            norm = (dx * dx + dy * dy) ** 0.5 or 1.0
            stop = Point(here.x - dy / norm * STOP_SIDE, here.y + dx / norm * STOP_SIDE)
            crossing = min(
                ((other, o.distance(here)) for other, o in through if other != name),
                key=lambda t: t[1],
                default=(None, 1.0),
            )
            if crossing[0] is not None and crossing[1] < CROSSING:
                stop_name = f"{name}{crossing[0]}口"
            else:
                community = next(
                    (c for c, cell, _b in shaped if cell.covers(here)),
                    min(shaped, key=lambda s: s[1].distance(here))[0],
                )
                stop_name = f"{name}{community.name.removesuffix('社区')}站"
            if stop_name not in seen:
                seen.add(stop_name)
                add(holder(stop), ServiceKind.BUS_STOP, stop_name, stop)
            at += STOP_EVERY
