"""The 15-minute service circle's coverage of a community: one multi-source Dijkstra per kind
against a Dijkstra per household, in the same run.

Builds in a scratch database one community about 2.6 km across with `--households`
households in buildings of 20, a jittered mesh of `--streets` streets each way (each street
a polyline of a dozen vertices: a few hundred road segments) and service points of every
kind (3 clinics, 2 markets, a school, 12 bus stops, a service centre, 2 stations), then:

  measured   areas.nearby.circle.coverage(community, minutes) — the page's and the API's
             path, from the database: the buildings, the network (built once, then kept),
             the places of every registered kind, one spread per kind
  baseline   a Dijkstra per household over the same network (networkx's graph, the same
             snapping), each checked against every place of every kind; the DB reads and the
             network are left out of its time, which favours it

and checks that both give every kind the same covered households.

    python bench/service_circle.py [--households 5000] [--streets 12] [--minutes 15]
"""

from __future__ import annotations

import argparse
import math
import random
import time
from typing import Any

from _scratch import migrate, scratch_database, setup_django

LON0, LAT0, SPAN = 120.60, 28.00, 0.026  # about 2.6 km by 2.9 km


def build(households: int, streets: int) -> Any:
    from areas.models import Area, Building, Household, Road, RoadClass, ServiceKind, ServicePoint

    rng = random.Random(15)
    district = Area.objects.create(code="330324", name="区", level="district")
    sub = Area.objects.create(code="330324001", name="街道", level="subdistrict", parent=district)
    box = [
        [LON0, LAT0],
        [LON0 + SPAN, LAT0],
        [LON0 + SPAN, LAT0 + SPAN],
        [LON0, LAT0 + SPAN],
        [LON0, LAT0],
    ]
    community = Area.objects.create(
        code="330324001001",
        name="社区",
        level="community",
        parent=sub,
        boundary={"type": "Polygon", "coordinates": [box]},
    )
    roads = []
    step = SPAN / (streets - 1)
    for i in range(streets):
        for vertical in (False, True):
            line = []
            for k in range(13):
                along = LON0 + SPAN * k / 12 if not vertical else LAT0 + SPAN * k / 12
                across = (
                    (LAT0 if not vertical else LON0) + i * step + rng.uniform(-0.15, 0.15) * step
                )
                line.append([along, across] if not vertical else [across, along])
            roads.append(
                Road(
                    code=f"R{i}{'V' if vertical else 'H'}",
                    name=f"路{i}",
                    road_class=RoadClass.STREET,
                    area=sub,
                    geometry={"type": "LineString", "coordinates": line},
                )
            )
    for r in roads:
        r.set_bbox()
    Road.objects.bulk_create(roads)
    buildings = []
    for b in range(math.ceil(households / 20)):
        lon, lat = LON0 + rng.uniform(0, SPAN), LAT0 + rng.uniform(0, SPAN)
        buildings.append(
            Building(code=f"B{b}", name=f"{b}幢", community=community, lon=lon, lat=lat)
        )
    Building.objects.bulk_create(buildings)
    saved = list(Building.objects.filter(community=community).order_by("pk"))
    Household.objects.bulk_create(
        Household(code=f"H{n}", building=saved[n // 20], address=f"{n}室")
        for n in range(households)
    )
    counts = {
        ServiceKind.CLINIC: 3,
        ServiceKind.MARKET: 2,
        ServiceKind.SCHOOL: 1,
        ServiceKind.BUS_STOP: 12,
        ServiceKind.PARTY_CENTRE: 1,
        ServiceKind.STATION: 2,
    }
    ServicePoint.objects.bulk_create(
        ServicePoint(
            code=f"S{kind}{n}",
            name=f"{kind}{n}",
            kind=kind,
            area=community,
            lon=LON0 + rng.uniform(0, SPAN),
            lat=LAT0 + rng.uniform(0, SPAN),
        )
        for kind, n_kind in counts.items()
        for n in range(n_kind)
    )
    return community


def naive(community: Any, minutes: int) -> tuple[dict[str, int], float, int]:
    """A Dijkstra per household: the covered households per kind, the time, the segments."""
    from django.db.models import Count

    from areas.models import Building
    from areas.nearby import circle

    limit = minutes * circle.speed()
    box = circle.community_box(community)
    assert box is not None
    net = circle.network_for(("community", community.code), circle.grow(box, circle.reach_metres()))
    found = circle.places_in(
        circle.reach_area(community), circle.grow(box, limit + circle.MARGIN_M)
    )
    places = {k: net.snap_many([(p.lon, p.lat) for p in v]) for k, v in found.items()}
    rows = list(
        Building.objects.filter(community=community)
        .annotate(n=Count("household_set"))
        .values_list("lon", "lat", "n")
    )
    homes = [
        snap
        for (lon, lat, n), snap in zip(
            rows, net.snap_many([(r[0], r[1]) for r in rows]), strict=True
        )
        for _ in range(n)
    ]
    covered = dict.fromkeys(places, 0)
    t0 = time.perf_counter()
    for home in homes:
        dist = net.spread(net.starts([home]), limit)
        for key, snaps in places.items():
            if any(net.reach(p, dist, [home] if p.seg == home.seg else ()) <= limit for p in snaps):
                covered[key] += 1
    return covered, time.perf_counter() - t0, len(net.segments)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--households", type=int, default=5000)
    ap.add_argument("--streets", type=int, default=12)
    ap.add_argument("--minutes", type=int, default=15)
    args = ap.parse_args()

    with scratch_database("service_circle") as vendor:
        setup_django()
        migrate()
        from areas.nearby import circle

        community = build(args.households, args.streets)
        from django.urls import reverse

        reverse("activities:venues")  # load the URLconf (the sources' links) before timing
        circle.forget_networks()
        t0 = time.perf_counter()
        cold = circle.coverage(community, minutes=args.minutes)
        t_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        warm = circle.coverage(community, minutes=args.minutes)
        t_warm = time.perf_counter() - t0
        assert cold.method.key == "roads"
        baseline, t_naive, segments = naive(community, args.minutes)
        mine = {k.kind.key: k.covered for k in warm.kinds}
        assert mine == baseline, (mine, baseline)
        print(
            f"service circle ({vendor}): {args.households} households in {len(warm.buildings)} "
            f"buildings, {segments} road segments, {len(warm.kinds)} kinds, {args.minutes} min"
        )
        for k in warm.kinds:
            if k.places:
                print(
                    f"  {k.kind.key:<14} {k.places:>3} places  {k.covered:>6} / {k.households} households covered ({k.percent}%)"
                )
        print(f"  multi-source, from the database (network built)   {t_cold * 1000:9.1f} ms")
        print(f"  multi-source, from the database (network kept)    {t_warm * 1000:9.1f} ms")
        print(f"  baseline: a Dijkstra per household (no DB time)   {t_naive * 1000:9.1f} ms")
        print(
            f"  ratio baseline / multi-source (kept): {t_naive / t_warm:.1f}×; the same coverage: yes"
        )


if __name__ == "__main__":
    main()
