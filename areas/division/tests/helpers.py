"""A community big enough to divide: compounds of buildings around the world's east grid."""

from __future__ import annotations

from typing import Any

from areas.models import Area, Building, Compound, Household


def populate(
    world: Any,
    community: Area | None = None,
    grid: Area | None = None,
    buildings: int = 12,
    dwellings: int = 70,
    registered: int = 3,
) -> list[Building]:
    """`buildings` buildings of `dwellings` dwellings in 3 compounds of the east community,
    all in the east grid; the first `registered` get Household rows (all their dwellings)."""
    community = community or world.east
    grid = grid or world.east_grid
    out = []
    for c in range(3):
        compound = Compound.objects.create(
            code=f"{community.code}K{c}",
            name=f"小区{c}",
            community=community,
            lon=120.625 + c * 0.004,
            lat=28.005,
        )
        for b in range(buildings // 3):
            out.append(
                Building.objects.create(
                    code=f"{compound.code}B{b}",
                    name=f"{compound.name}{b}幢",
                    compound=compound,
                    community=community,
                    grid=grid,
                    lon=120.625 + c * 0.004 + (b % 2) * 0.0004,
                    lat=28.005 + (b // 2) * 0.0004,
                    households=dwellings,
                )
            )
    for building in out[:registered]:
        Household.objects.bulk_create(
            [
                Household(
                    code=f"{building.code}H{n}",
                    building=building,
                    grid=grid,
                    floor=n // 2 + 1,
                    room=f"{n // 2 + 1}0{n % 2 + 1}",
                    address=f"{building.name}{n}",
                )
                for n in range(dwellings)
            ]
        )
    return out
