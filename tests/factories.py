"""A tiny district for tests, built directly (fast) rather than through the demo generator.

district 330324 → subdistrict 330324001 → communities 330324001001 (东) and 330324001002 (西)
→ grids ...001001 and ...002001, each with one compound, one building, two households.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from areas.models import Area, AreaKind, Building, Compound, Household, Resident

PASSWORD = "pass-for-tests"


def square(lon: float, lat: float, size: float = 0.01) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
        ],
    }


@dataclass
class World:
    district: Area
    subdistrict: Area
    east: Area
    west: Area
    east_grid: Area
    west_grid: Area
    east_building: Building
    west_building: Building
    east_households: list[Household]
    west_households: list[Household]
    users: dict[str, User] = field(default_factory=dict)

    def user(
        self, role: str, area: Area, phone: str | None = None, name: str | None = None
    ) -> User:
        phone = phone or f"137{len(self.users) + User.objects.count():08d}"
        u = User.objects.create_user(
            phone=phone, password=PASSWORD, name=name or f"{role}-{area.code}"
        )
        RoleAssignment.objects.create(user=u, role=role, area=area)
        return u


def make_world() -> World:
    district = Area.objects.create(
        code="330324", name="永嘉县", level="district", boundary=square(120.6, 28.0, 0.04)
    )
    sub = Area.objects.create(
        code="330324001",
        name="瓯北街道",
        level="subdistrict",
        parent=district,
        boundary=square(120.6, 28.0, 0.04),
    )
    east = Area.objects.create(
        code="330324001001",
        name="东社区",
        level="community",
        parent=sub,
        boundary=square(120.62, 28.0, 0.02),
    )
    west = Area.objects.create(
        code="330324001002",
        name="西社区",
        level="community",
        parent=sub,
        boundary=square(120.6, 28.0, 0.02),
    )
    east_grid = Area.objects.create(
        code="330324001001001",
        name="东第1网格",
        level="grid",
        parent=east,
        kind=AreaKind.RESIDENTIAL,
        boundary=square(120.62, 28.0, 0.02),
    )
    west_grid = Area.objects.create(
        code="330324001002001",
        name="西第1网格",
        level="grid",
        parent=west,
        kind=AreaKind.RESIDENTIAL,
        boundary=square(120.6, 28.0, 0.02),
    )
    buildings = []
    households: dict[str, list[Household]] = {}
    for tag, community, grid, lon in (
        ("E", east, east_grid, 120.63),
        ("W", west, west_grid, 120.61),
    ):
        compound = Compound.objects.create(
            code=f"{tag}C1", name=f"{community.name}花园", community=community, lon=lon, lat=28.01
        )
        building = Building.objects.create(
            code=f"{tag}C1B1",
            name=f"{community.name}花园1幢",
            compound=compound,
            community=community,
            grid=grid,
            lon=lon,
            lat=28.01,
            floors=6,
            households=2,
        )
        buildings.append(building)
        households[tag] = []
        for n in (1, 2):
            h = Household.objects.create(
                code=f"{tag}C1B1H{n}",
                building=building,
                grid=grid,
                floor=n,
                room=f"{n}01",
                address=f"{building.name}{n}01室",
            )
            households[tag].append(h)
            Resident.objects.create(
                code=f"{h.code}P1",
                household=h,
                name=f"{tag}居民{n}",
                gender="F",
                birth_date=dt.date(1950, 1, n),
                phone=f"1391234{tag == 'E' and 5 or 6}{n:03d}",
                id_number=f"33032419500101{n:03d}X",
                tags=["elderly_alone"] if n == 1 else [],
                is_head=True,
            )
    world = World(
        district,
        sub,
        east,
        west,
        east_grid,
        west_grid,
        buildings[0],
        buildings[1],
        households["E"],
        households["W"],
    )
    world.users = {
        "grid_worker": world.user(Role.GRID_WORKER, east_grid, "13700000001", "东网格员"),
        "community_staff": world.user(Role.COMMUNITY_STAFF, east, "13700000002", "东社区干部"),
        "resident": world.user(Role.RESIDENT, east_grid, "13700000003", "东居民"),
        "outsider": world.user(Role.GRID_WORKER, west_grid, "13700000004", "西网格员"),
        "subdistrict_staff": world.user(Role.SUBDISTRICT_STAFF, sub, "13700000005", "街道干部"),
        "admin": world.user(Role.ADMIN, district, "13700000006", "管理员"),
    }
    resident_user = world.users["resident"]
    resident_user.resident = world.east_households[0].residents.first()
    resident_user.save(update_fields=["resident"])
    return world
