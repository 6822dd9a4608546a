"""A 户—队—片—区 deployment for tests: village 330324001001 → zone 01 → pieces 01 and 02 →
teams (10 in piece 01, one in piece 02), 10 households each. The village and the zone cover
square(120.6, 28.0, 0.04); piece 01 the west half, piece 02 the east half; team 01 of piece 01
its own small square in the south-west corner. Call `use_zones(settings)` first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from areas.models import Area, Building, Household
from tests.factories import square

ZONES = [
    ("district", 6),
    ("subdistrict", 3),
    ("community", 3),
    ("zone", 2),
    ("piece", 2),
    ("team", 2),
]


def use_zones(settings: Any) -> None:
    settings.LINLI_AREA_LEVELS = ZONES


@dataclass
class Village:
    district: Area
    subdistrict: Area
    village: Area
    zone: Area
    pieces: list[Area]
    teams: list[Area]
    building: Building


def _area(code: str, level: str, parent: Area | None, name: str, boundary: Any = None) -> Area:
    node = Area(code=code, level=level, parent=parent, name=name, boundary=boundary)
    node.full_clean()
    node.save()
    return node


def make_village() -> Village:
    whole = square(120.6, 28.0, 0.04)
    district = _area("330324", "district", None, "永嘉县", whole)
    sub = _area("330324001", "subdistrict", district, "瓯北街道", whole)
    village = _area("330324001001", "community", sub, "马岙村", whole)
    zone = _area("33032400100101", "zone", village, "一区", whole)
    west = {
        "type": "Polygon",
        "coordinates": [
            [[120.6, 28.0], [120.62, 28.0], [120.62, 28.04], [120.6, 28.04], [120.6, 28.0]]
        ],
    }
    east = {
        "type": "Polygon",
        "coordinates": [
            [[120.62, 28.0], [120.64, 28.0], [120.64, 28.04], [120.62, 28.04], [120.62, 28.0]]
        ],
    }
    pieces = [
        _area(f"{zone.code}01", "piece", zone, "1片", west),
        _area(f"{zone.code}02", "piece", zone, "2片", east),
    ]
    teams = [
        _area(
            f"{pieces[0].code}{n:02d}",
            "team",
            pieces[0],
            f"{n}队",
            square(120.6, 28.0, 0.005) if n == 1 else None,
        )
        for n in range(1, 11)
    ]
    teams.append(_area(f"{pieces[1].code}01", "team", pieces[1], "11队"))
    building = Building.objects.create(
        code="MA1", name="马岙1号", community=village, lon=120.601, lat=28.001
    )
    Household.objects.bulk_create(
        Household(code=f"{t.code}H{n:02d}", building=building, grid=t, address=f"{t.name}{n}号")
        for t in teams
        for n in range(1, 11)
    )
    return Village(district, sub, village, zone, pieces, teams, building)
