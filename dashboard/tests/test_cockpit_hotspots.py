"""The hotspot method on hand-made clusters, and recurring places."""

from __future__ import annotations

import datetime as dt
import math

from core.timeutil import SHANGHAI
from dashboard.cockpit.hotspots import MIN_WEEKS, Point, hotspots, recurring

T0 = dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)  # a Monday


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * 111_320 * math.cos(math.radians(a[1]))
    return math.hypot(dx, (a[1] - b[1]) * 111_320)


def scatter(
    n: int, lon: float, lat: float, spread: float, start: int = 0, cat: int = 1
) -> list[Point]:
    """`n` points on a small spiral around (lon, lat), `spread` degrees wide, a day apart."""
    out = []
    for i in range(n):
        angle = i * 2.4
        r = spread * math.sqrt((i + 1) / n)
        out.append(
            Point(
                start + i,
                lon + r * math.cos(angle),
                lat + r * math.sin(angle),
                cat,
                None,
                T0 + dt.timedelta(days=i),
            )
        )
    return out


def test_it_finds_a_dense_cluster_and_not_the_scattered_cases() -> None:
    cluster = scatter(20, 120.63, 28.01, 0.0008)  # 20 cases within ~80 m
    # 15 cases scattered over ~4 km: none within 500 m of another.
    scattered = [
        Point(100 + i, 120.60 + (i % 5) * 0.008, 27.99 + (i // 5) * 0.008, 2, None, T0)
        for i in range(15)
    ]
    found = hotspots(cluster + scattered, {1: "垃圾", 2: "占道"})
    assert len(found) == 1
    spot = found[0]
    assert metres((spot.lon, spot.lat), (120.63, 28.01)) < 100
    assert spot.cases == 20
    assert spot.categories == [("垃圾", 20)]
    assert sum(n for _w, n in spot.weeks) == 20 and len(spot.weeks) == 3  # 20 days: 3 weeks
    assert set(spot.case_ids) == {p.pk for p in cluster}


def test_two_clusters_apart_are_two_hotspots_the_larger_first() -> None:
    a = scatter(12, 120.63, 28.01, 0.0006)
    b = scatter(25, 120.65, 28.02, 0.0006, start=50)
    found = hotspots(a + b, {1: "垃圾"})
    assert [h.cases for h in found] == [25, 12]


def test_no_case_no_hotspot() -> None:
    assert hotspots([], {}) == []
    assert hotspots(scatter(3, 120.63, 28.01, 0.0002), {1: "x"}) == []  # below the threshold


def test_a_place_recurs_when_its_category_returns_in_several_weeks(world) -> None:
    building = world.east_building.pk
    weekly = [
        Point(i, 120.63, 28.01, 1, building, T0 + dt.timedelta(weeks=i)) for i in range(MIN_WEEKS)
    ]
    same_week = [Point(10 + i, 120.61, 28.01, 1, None, T0) for i in range(5)]
    other_category = [
        Point(20 + i, 120.63, 28.01, 2 if i % 2 else 3, building, T0 + dt.timedelta(weeks=i))
        for i in range(4)
    ]
    found = recurring(weekly + same_week + other_category, {1: "垃圾", 2: "占道", 3: "噪音"})
    assert len(found) == 1
    place = found[0]
    assert place.name == world.east_building.name and place.category == "垃圾"
    assert place.weeks == MIN_WEEKS and place.cases == MIN_WEEKS
    assert place.case_ids == [2, 1, 0]
