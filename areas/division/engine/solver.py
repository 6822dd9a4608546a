"""Divide communities into grids: per community, independent, in parallel when large."""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

from areas.division.engine.feasibility import arithmetic_problem, validate
from areas.division.engine.geometry import (
    Frame,
    absorb_islands,
    cells,
    community_shape,
    geojson_all,
    grid_shapes,
    polsby_popper,
    territories,
)
from areas.division.engine.graph import neighbours, project
from areas.division.engine.redivide import match_previous, redivide_parts
from areas.division.engine.search import FREE_TRIES, SPLIT_TRIES, solve_parts, to_graph
from areas.division.engine.types import (
    ABOVE_MAX,
    BELOW_MIN,
    COMPOUND_SPLIT,
    DETACHED,
    OVERSIZED,
    Bounds,
    BuildingIn,
    CommunityJob,
    Division,
    Grid,
    InputError,
    Problem,
)

PARALLEL_FROM = 3_000  # buildings; below this a process pool costs more than it saves


def solve_community(job: CommunityJob) -> tuple[list[Grid], list[Problem]]:
    """Grids for one community (codes numbered west→east, north→south)."""
    b = job.bounds
    blds = sorted(job.buildings, key=lambda x: x.id)
    if not blds:
        return [], []
    lat0 = sum(x.lat for x in blds) / len(blds)
    frame = Frame(lat0)
    xy = project(np.array([x.lon for x in blds]), np.array([x.lat for x in blds]), lat0)
    problems: list[Problem] = []
    groups: list[tuple[list[int], list[str]]] = []  # (building indexes, flags)
    area = community_shape(job.boundary, xy, frame)
    building_cells = cells(xy, area)

    big = [i for i, x in enumerate(blds) if x.households > b.max]
    for i in big:
        groups.append(([i], [OVERSIZED]))
    rest = [i for i, x in enumerate(blds) if x.households <= b.max]
    if rest:
        total = sum(blds[i].households for i in rest)
        lo, hi = b.min, b.max
        problem = arithmetic_problem(job.code, total, b)
        if problem is not None:
            problems.append(problem)
            lo = problem.proposed_min or lo
            hi = problem.proposed_max or hi
        net = neighbours(xy[rest], building_cells[rest])
        weights = [blds[i].households for i in rest]
        compound = [blds[i].compound for i in rest]
        seed = sum(ord(ch) for ch in job.code)
        if job.current and job.keep:
            graph = to_graph(len(rest), *net)
            parts, mode = redivide_parts(job, blds, rest, graph, weights, compound, lo, hi, seed)
        else:
            parts, mode = solve_parts(net, weights, compound, lo, hi, seed)
        if mode == "relaxed" and problem is None:
            problems.append(_layout_problem(job, [blds[i].id for i in rest], weights, parts))
        for p, flags in zip(parts, part_flags(parts, weights, compound, b), strict=True):
            groups.append(([rest[v] for v in p], flags))
    return _numbered_grids(job, blds, groups, xy, frame, area, building_cells), problems


def _layout_problem(
    job: CommunityJob, ids: list[str], weights: list[int], parts: list[list[int]]
) -> Problem:
    """Why a relaxed division is all there is: the grids it leaves out of the bounds (each
    named by its first building, `ids`) and the nearest bounds it meets."""
    b = job.bounds
    lo, hi = b.min, b.max
    sizes = [sum(weights[v] for v in p) for p in parts]
    out = sorted(
        (s, min(ids[v] for v in p)) for s, p in zip(sizes, parts, strict=True) if not lo <= s <= hi
    )
    return Problem(
        job.code,
        "layout",
        f"Community {job.code}: no contiguous division within [{b.min}, {b.max}] "
        f"was found in up to {SPLIT_TRIES + FREE_TRIES} spanning trees of its buildings; "
        "the nearest leaves grids of "
        + ", ".join(f"{n} households (building {bid})" for n, bid in out)
        + "; no building on a grid's border can move to a neighbouring grid without "
        "breaking a grid apart or pushing another out of the bounds.",
        f"Nearest: bounds [{min(min(sizes), b.min)}, {max(max(sizes), b.max)}] "
        f"with {len(parts)} grids (flagged).",
        min(min(sizes), b.min),
        max(max(sizes), b.max),
        sum(sizes),
        len(parts),
    )


def part_flags(
    parts: list[list[int]], weights: list[int], compound: list[str | None], b: Bounds
) -> list[list[str]]:
    """Each part's flags: below or above the bounds, and a compound that fits a grid split
    (it lies in more than one part)."""
    compound_of_part: dict[str | None, set[int]] = defaultdict(set)
    for k, p in enumerate(parts):
        for v in p:
            if compound[v] is not None:
                compound_of_part[compound[v]].add(k)
    ctotal: dict[str | None, int] = defaultdict(int)
    for v, c in enumerate(compound):
        if c is not None:
            ctotal[c] += weights[v]
    out = []
    for p in parts:
        flags = []
        hh = sum(weights[v] for v in p)
        if hh < b.min:
            flags.append(BELOW_MIN)
        elif hh > b.max:
            flags.append(ABOVE_MAX)
        if any(
            compound[v] is not None
            and len(compound_of_part[compound[v]]) > 1
            and ctotal[compound[v]] <= b.max
            for v in p
        ):
            flags.append(COMPOUND_SPLIT)
        out.append(flags)
    return out


def _numbered_grids(
    job: CommunityJob,
    blds: list[BuildingIn],
    groups: list[tuple[list[int], list[str]]],
    xy: np.ndarray,
    frame: Frame,
    area: Any,
    building_cells: Any,
) -> list[Grid]:
    """The grids of `groups` with their shapes, numbered west→east in north→south bands; a
    grid continuing an unchanged (or, when keeping, any) grid of today keeps its code."""
    grid_of = [0] * len(blds)
    for k, (members, _flags) in enumerate(groups):
        for i in members:
            grid_of[i] = k
    shapes = grid_shapes(building_cells, grid_of, len(groups), area)
    shapes = absorb_islands(shapes, [xy[members] for members, _flags in groups])
    geojson = geojson_all(shapes, frame)
    centroids = [np.mean(xy[members], axis=0) for members, _ in groups]
    k = len(groups)
    band = max(math.sqrt(area.area / max(k, 1)), 1.0)
    top = float(xy[:, 1].max())
    order = sorted(range(k), key=lambda g: (int((top - centroids[g][1]) // band), centroids[g][0]))
    grids: list[Grid] = []
    previous = match_previous(job, blds, groups) if job.current else {}
    number = job.first_number
    for g in order:
        members, flags = groups[g]
        if g in previous and (previous[g][1] or job.keep):
            # A grid unchanged, or (when keeping) continuing an old grid, keeps its code.
            code = previous[g][0]
        else:
            while f"{job.code}{number:0{job.digits}d}" in job.reserved:
                number += 1
            code = f"{job.code}{number:0{job.digits}d}"
            number += 1
        geom = shapes[g]
        flags = list(flags)
        if geom.geom_type == "MultiPolygon":
            flags.append(DETACHED)
        cx, cy = centroids[g]
        grids.append(
            Grid(
                code=code,
                community=job.code,
                buildings=[blds[i].id for i in members],
                households=sum(blds[i].households for i in members),
                flags=flags,
                boundary=geojson[g],
                compactness=polsby_popper(geom),
                previous=previous[g][0] if g in previous else None,
                centroid=(float(cx / frame.kx), float(cy / frame.ky)),
            )
        )
    return grids


def divide(
    buildings: Iterable[BuildingIn],
    bounds: Bounds = Bounds(),  # noqa: B008
    boundaries: Mapping[str, dict[str, Any] | None] | None = None,
    *,
    current: dict[str, str] | None = None,
    reserved: set[str] | None = None,
    communities: set[str] | None = None,
    keep: bool = True,
    workers: int | None = None,
    digits: int = 3,
) -> Division:
    """Divide every community of `buildings` into grids within `bounds`.

    `boundaries`: community code → GeoJSON polygon (optional). `current` (re-division): building
    id → today's grid code; good grids are kept and only broken ones redrawn (unless `keep`
    is False: then all are redrawn and only matched for the moves). `reserved`:
    grid codes already used (new codes skip them). `communities`: the known community codes;
    a building in another one is refused. `digits`: of a grid's own code segment.
    """
    blds = list(buildings)
    validate(blds, bounds)
    by_comm: dict[str, list[BuildingIn]] = defaultdict(list)
    for x in blds:
        if communities is not None and x.community not in communities:
            raise InputError(f"Building {x.id} is in an unknown community {x.community}.")
        by_comm[x.community].append(x)
    boundaries = dict(boundaries or {})
    missing = [code for code in by_comm if not boundaries.get(code)]
    if len(missing) > 1 or (missing and any(boundaries.values())):
        # Derived together, so that they tile (one by one, neighbours' hulls overlapped).
        boundaries.update(
            territories(
                {c: np.array([(x.lon, x.lat) for x in by_comm[c]]) for c in missing},
                boundaries,
            )
        )
    reserved = reserved or set()
    current = current or {}
    jobs = [
        CommunityJob(
            code=code,
            buildings=members,
            boundary=boundaries.get(code),
            bounds=bounds,
            current={x.id: current[x.id] for x in members if x.id in current},
            reserved={r for r in reserved if r.startswith(code)},
            digits=digits,
            keep=keep,
        )
        for code, members in sorted(by_comm.items())
    ]
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(blds) >= PARALLEL_FROM else 1
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(solve_community, jobs, chunksize=max(1, len(jobs) // 32)))
    else:
        results = [solve_community(j) for j in jobs]
    grids = [g for gs, _p in results for g in gs]
    problems = [p for _g, ps in results for p in ps]
    division = Division(grids, problems, total_households=sum(x.households for x in blds))
    if current:
        hh = {x.id: x.households for x in blds}
        # Households of buildings that had no grid are placed, not moved.
        division.moved_households = sum(
            hh[bid]
            for g in grids
            for bid in g.buildings
            if bid in current and current[bid] != g.previous
        )
        division.total_households = sum(hh[bid] for bid in current if bid in hh)
    return division
