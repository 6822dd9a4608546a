"""Synthetic cities for tests and the benchmark: communities as blocks of a rectangle,
compounds as clusters of buildings, 10–200 households a building."""

from __future__ import annotations

import math
import random
from typing import Any

from areas.division.engine.types import BuildingIn

DEG = 1 / 111_320  # one metre in degrees of latitude


def city(
    n_buildings: int, seed: int = 0, *, per_community: int = 40, lat0: float = 28.0
) -> tuple[list[BuildingIn], dict[str, dict[str, Any]]]:
    """Buildings and community boundaries (GeoJSON) for a city of `n_buildings`."""
    rng = random.Random(seed)
    n_comm = max(1, round(n_buildings / per_community))
    cols = max(1, round(math.sqrt(n_comm)))
    rows = math.ceil(n_comm / cols)
    size = 600 * DEG  # a community block of 600 m
    kx = 1 / math.cos(math.radians(lat0))
    buildings: list[BuildingIn] = []
    boundaries: dict[str, dict[str, Any]] = {}
    left = n_buildings
    for c in range(n_comm):
        r, q = divmod(c, cols)
        x0, y0 = 120.0 + q * size * kx, lat0 + (rows - r - 1) * size
        code = f"330324{1 + c // 999:03d}{1 + c % 999:03d}"
        x1, y1 = x0 + size * kx, y0 + size
        boundaries[code] = {
            "type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
        }
        n_here = left if c == n_comm - 1 else min(left, max(1, round(rng.gauss(per_community, 8))))
        left -= n_here
        k = 0
        while k < n_here:
            cx = rng.uniform(x0 + 60 * DEG * kx, x1 - 60 * DEG * kx)
            cy = rng.uniform(y0 + 60 * DEG, y1 - 60 * DEG)
            compound = f"{code}C{k:04d}" if rng.random() < 0.85 else None
            for _ in range(min(rng.randint(1, 12), n_here - k)):
                edge = 5 * DEG
                bx = min(max(cx + rng.gauss(0, 40) * DEG * kx, x0 + edge * kx), x1 - edge * kx)
                by = min(max(cy + rng.gauss(0, 40) * DEG, y0 + edge), y1 - edge)
                buildings.append(
                    BuildingIn(
                        id=f"{code}B{k:04d}",
                        lon=bx,
                        lat=by,
                        households=int(min(max(rng.lognormvariate(4.2, 0.6), 10), 200)),
                        community=code,
                        compound=compound,
                    )
                )
                k += 1
        if left <= 0:
            break
    return buildings, boundaries
