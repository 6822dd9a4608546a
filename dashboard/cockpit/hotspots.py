"""Hotspots (热点): where cases cluster in space and time, and the places they recur.

The method, as the page says it: every case of the period counts as a smooth bump of
`BANDWIDTH_M` around its place on a map cut into `CELL_M` squares (a Gaussian kernel density
estimate); a hotspot is a peak of the summed bumps that gathers at least `MIN_CASES` cases'
worth. Its cases are those within `RADIUS_M` of the peak, counted by category and by week.

A recurring place (反复发生点) is a building — or, for a case with none, the same ~30 m spot —
with cases of one category in at least `MIN_WEEKS` different weeks of the period.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from areas.models import Area, Building
from cases.models import Case, Category
from core.timeutil import local

CELL_M = 50.0
BANDWIDTH_M = 150.0
RADIUS_M = 250.0
MIN_CASES = 4.0
MAX_HOTSPOTS = 10
MIN_WEEKS = 3
SPOT_DEG = 0.0003  # about 30 m: the same spot, for a case without a building
MAX_PLACES = 20
M_PER_DEG_LAT = 111_320.0


@dataclass
class Point:
    pk: int
    lon: float
    lat: float
    category_id: int
    building_id: int | None
    reported_at: dt.datetime


@dataclass
class Hotspot:
    lon: float
    lat: float
    density: float  # cases' worth at the peak
    cases: int  # within RADIUS_M
    categories: list[tuple[str, int]]
    weeks: list[tuple[dt.date, int]]
    case_ids: list[int] = field(default_factory=list)


@dataclass
class Place:
    name: str
    category: str
    cases: int
    weeks: int
    first: dt.date
    last: dt.date
    case_ids: list[int]
    lon: float
    lat: float


def points(area: Area, start: dt.datetime, end: dt.datetime, category: str = "") -> list[Point]:
    """The places of the cases reported under `area` in [start, end) (one query)."""
    qs = Case.objects.filter(
        area_code__startswith=area.code, reported_at__gte=start, reported_at__lt=end
    )
    if category:
        qs = qs.filter(category__code__startswith=category)
    rows = qs.order_by().values_list(
        "pk", "lon", "lat", "category_id", "building_id", "reported_at"
    )
    return [Point(*row) for row in rows]


def week_of(at: dt.datetime) -> dt.date:
    """The Monday of the Asia/Shanghai week holding `at`."""
    day = local(at).date()
    return day - dt.timedelta(days=day.weekday())


def _frame(found: list[Point]) -> tuple[float, float, float]:
    lon0 = min(p.lon for p in found)
    lat0 = min(p.lat for p in found)
    m_per_deg_lon = M_PER_DEG_LAT * math.cos(math.radians(lat0))
    return lon0, lat0, m_per_deg_lon


def _smooth(counts: np.ndarray, sigma_cells: float) -> np.ndarray:
    """Gaussian smoothing, separable: one 1-D kernel along each axis (weights sum to 1, so
    the result keeps the count of cases)."""
    reach = max(1, int(math.ceil(3 * sigma_cells)))
    xs = np.arange(-reach, reach + 1)
    kernel = np.exp(-(xs**2) / (2 * sigma_cells**2))
    kernel /= kernel.sum()
    out = np.apply_along_axis(lambda r: np.convolve(r, kernel, mode="same"), 0, counts)
    return np.apply_along_axis(lambda r: np.convolve(r, kernel, mode="same"), 1, out)


def density(found: list[Point]) -> tuple[np.ndarray, tuple[float, float, float]]:
    """The kernel density on the `CELL_M` grid (in cases' worth within a bandwidth's disc)."""
    lon0, lat0, m_lon = _frame(found)
    pad = 3 * BANDWIDTH_M
    xs = np.array([(p.lon - lon0) * m_lon + pad for p in found])
    ys = np.array([(p.lat - lat0) * M_PER_DEG_LAT + pad for p in found])
    nx = int(xs.max() // CELL_M) + int(pad // CELL_M) + 2
    ny = int(ys.max() // CELL_M) + int(pad // CELL_M) + 2
    counts, _, _ = np.histogram2d(ys, xs, bins=[ny, nx], range=[[0, ny * CELL_M], [0, nx * CELL_M]])
    sigma = BANDWIDTH_M / CELL_M
    # Scaled so a peak reads as "cases within about one bandwidth" (2πσ² cells per bump).
    return _smooth(counts, sigma) * (2 * math.pi * sigma**2), (lon0, lat0, m_lon)


def _peaks(grid: np.ndarray) -> list[tuple[int, int]]:
    """Cells at least MIN_CASES that no neighbour exceeds, highest first."""
    padded = np.pad(grid, 1, constant_values=-1)
    neighbours = np.max(
        [
            padded[1 + dy : padded.shape[0] - 1 + dy, 1 + dx : padded.shape[1] - 1 + dx]
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            if dy or dx
        ],
        axis=0,
    )
    ys, xs = np.nonzero((grid >= MIN_CASES) & (grid >= neighbours))
    return sorted(zip(ys.tolist(), xs.tolist(), strict=True), key=lambda c: -grid[c])


def hotspots(found: list[Point], names: dict[int, str] | None = None) -> list[Hotspot]:
    """The peaks of the kernel density, at least RADIUS_M apart, with their cases."""
    if not found:
        return []
    grid, (lon0, lat0, m_lon) = density(found)
    pad = 3 * BANDWIDTH_M
    names = names if names is not None else _category_names(found)
    xs = np.array([(p.lon - lon0) * m_lon + pad for p in found])
    ys = np.array([(p.lat - lat0) * M_PER_DEG_LAT + pad for p in found])
    out: list[Hotspot] = []
    for cy, cx in _peaks(grid):
        x, y = (cx + 0.5) * CELL_M, (cy + 0.5) * CELL_M
        if any(
            math.dist((x, y), (h_x, h_y)) < 2 * RADIUS_M
            for h_x, h_y in _xy(out, lon0, lat0, m_lon, pad)
        ):
            continue
        near = np.nonzero((xs - x) ** 2 + (ys - y) ** 2 <= RADIUS_M**2)[0]
        mine = [found[i] for i in near]
        out.append(
            Hotspot(
                lon=round(lon0 + (x - pad) / m_lon, 6),
                lat=round(lat0 + (y - pad) / M_PER_DEG_LAT, 6),
                density=round(float(grid[cy, cx]), 1),
                cases=len(mine),
                categories=Counter(names.get(p.category_id, "") for p in mine).most_common(3),
                weeks=sorted(Counter(week_of(p.reported_at) for p in mine).items()),
                case_ids=sorted((p.pk for p in mine), reverse=True),
            )
        )
        if len(out) == MAX_HOTSPOTS:
            break
    return out


def _xy(found: list[Hotspot], lon0: float, lat0: float, m_lon: float, pad: float) -> list[Any]:
    return [((h.lon - lon0) * m_lon + pad, (h.lat - lat0) * M_PER_DEG_LAT + pad) for h in found]


def _category_names(found: list[Point]) -> dict[int, str]:
    cats = Category.objects.filter(pk__in={p.category_id for p in found})
    return {c.pk: c.label for c in cats}


def recurring(found: list[Point], names: dict[int, str] | None = None) -> list[Place]:
    """Buildings (or ~30 m spots) with cases of one category in MIN_WEEKS weeks or more, most
    weeks first."""
    groups: dict[tuple[Any, int], list[Point]] = defaultdict(list)
    for p in found:
        place = p.building_id or (round(p.lon / SPOT_DEG), round(p.lat / SPOT_DEG))
        groups[(place, p.category_id)].append(p)
    kept = []
    for (place, cat), mine in groups.items():
        n_weeks = len({week_of(p.reported_at) for p in mine})
        if n_weeks >= MIN_WEEKS:
            kept.append((n_weeks, len(mine), place, cat, mine))
    kept.sort(key=lambda k: (-k[0], -k[1]))
    kept = kept[:MAX_PLACES]
    if not kept:
        return []
    names = names if names is not None else _category_names(found)
    buildings = dict(
        Building.objects.filter(pk__in=[k[2] for k in kept if isinstance(k[2], int)]).values_list(
            "pk", "name"
        )
    )
    addresses = dict(
        Case.objects.filter(
            pk__in=[k[4][0].pk for k in kept if not isinstance(k[2], int)]
        ).values_list("pk", "address")
    )
    out = []
    for weeks, n, place, cat, mine in kept:
        days = [local(p.reported_at).date() for p in mine]
        first = mine[0]
        name = (
            buildings.get(place, "")
            if isinstance(place, int)
            else addresses.get(first.pk) or f"{first.lon:.5f}, {first.lat:.5f}"
        )
        out.append(
            Place(
                name=name,
                category=names.get(cat, ""),
                cases=n,
                weeks=weeks,
                first=min(days),
                last=max(days),
                case_ids=sorted((p.pk for p in mine), reverse=True),
                lon=sum(p.lon for p in mine) / n,
                lat=sum(p.lat for p in mine) / n,
            )
        )
    return out


def analyse(
    area: Area, start: dt.datetime, end: dt.datetime, category: str = ""
) -> tuple[list[Hotspot], list[Place], int]:
    """Hotspots and recurring places of the cases reported under `area` in [start, end)."""
    found = points(area, start, end, category)
    names = _category_names(found) if found else {}
    return hotspots(found, names), recurring(found, names), len(found)
