"""Divide communities into grids: per community, independent, in parallel when large."""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from areas.division.engine.geometry import (
    Frame,
    cells,
    community_shape,
    geojson_all,
    grid_shapes,
    polsby_popper,
)
from areas.division.engine.graph import components, neighbours, project
from areas.division.engine.heal import heal, keep_households, match
from areas.division.engine.partition import (
    Groups,
    codes,
    cut_tree,
    edge_list,
    graph_arrays,
    repair,
    spanning_tree,
)
from areas.division.engine.types import (
    ABOVE_MAX,
    BELOW_MIN,
    COMPOUND_SPLIT,
    DETACHED,
    OVERSIZED,
    Bounds,
    BuildingIn,
    Division,
    Grid,
    InputError,
    Problem,
)

# Spanning trees tried per mode (each a few tenths of a millisecond for a community); a mode
# stops once BEST_OF divisions were found and keeps the best (fewest compounds split, then
# fewest grids, then the most even).
WHOLE_TRIES = 48  # trees of compounds: compounds that fit a grid stay whole
SPLIT_TRIES = 48  # trees of buildings that keep each compound a subtree where they can
FREE_TRIES = 200  # trees blind to compounds, the most varied: the last resort before repair
BEST_OF = 6
GIVE_UP = 16  # trees without a single division before a mode (not the last) gives up
Parts = list[list[int]]
Cut = Callable[[list[list[int]]], Parts | None]
PARALLEL_FROM = 3_000  # buildings; below this a process pool costs more than it saves


def validate(buildings: Sequence[BuildingIn], bounds: Bounds) -> None:
    if bounds.min < 1 or bounds.max < 1:
        raise InputError("The bounds must be positive numbers of households.")
    if bounds.min > bounds.max:
        raise InputError(f"The minimum ({bounds.min}) is larger than the maximum ({bounds.max}).")
    seen: set[str] = set()
    for b in buildings:
        if b.id in seen:
            raise InputError(f"Building code {b.id} appears more than once.")
        seen.add(b.id)
        if b.lon is None or b.lat is None or not (math.isfinite(b.lon) and math.isfinite(b.lat)):
            raise InputError(f"Building {b.id} has no location.")
        if not (-180 <= b.lon <= 180 and -90 <= b.lat <= 90):
            raise InputError(f"Building {b.id} has a location outside longitude/latitude range.")
        if b.households < 0:
            raise InputError(f"Building {b.id} has a negative number of households.")
        if not b.community:
            raise InputError(f"Building {b.id} has no community.")


@dataclass
class CommunityJob:
    code: str
    buildings: list[BuildingIn]
    boundary: dict[str, Any] | None
    bounds: Bounds
    # Re-division: the current grid of each building (by building id) and codes in use.
    current: dict[str, str] = field(default_factory=dict)
    reserved: set[str] = field(default_factory=set)
    first_number: int = 1
    digits: int = 3  # of a grid's own code segment
    keep: bool = True  # re-division keeps today's good grids; False redraws from scratch


def arithmetic_problem(code: str, total: int, b: Bounds) -> Problem | None:
    """A total no count of grids can hold within the bounds, and the nearest bounds that can."""
    if total <= 0:
        return None
    if total < b.min:
        return Problem(
            code,
            "too_small",
            f"Community {code} has {total} households, fewer than the minimum of {b.min}: "
            "it cannot hold even one grid.",
            f"Make it one grid of {total} households (minimum {total}), "
            "or join it to a neighbouring community's grid.",
            total,
            b.max,
            total,
            1,
        )
    k_lo, k_hi = math.ceil(total / b.max), total // b.min
    if k_lo <= k_hi:
        return None
    # Either fewer, larger grids (raise the maximum) or more, smaller ones (lower the minimum).
    fewer = k_hi
    raise_to = math.ceil(total / fewer)
    more = k_lo
    lower_to = total // more
    if raise_to - b.max <= b.min - lower_to:
        k = fewer
        proposal, pmin, pmax = (
            f"{fewer} grid(s) of about {total // fewer} households (maximum {raise_to})",
            b.min,
            raise_to,
        )
    else:
        k = more
        proposal, pmin, pmax = (
            f"{more} grids of about {total // more} households (minimum {lower_to})",
            lower_to,
            b.max,
        )
    return Problem(
        code,
        "no_count_fits",
        f"Community {code} has {total} households: {k_hi} grid(s) of at most {b.max} cannot "
        f"hold them and {k_lo} grids of at least {b.min} need more.",
        "Nearest: " + proposal + ".",
        pmin,
        pmax,
        total,
        k,
    )


def _solve_parts(
    net: tuple[np.ndarray, np.ndarray],
    weights: list[int],
    compound: list[str | None],
    lo: int,
    hi: int,
    seed: int,
    old: list[str | None] | None = None,
) -> tuple[list[list[int]], str]:
    """Parts of the building graph (`net`: edge ends and lengths): compounds kept whole if
    possible, then split if needed, then the least-bad division, repaired. Returns (parts,
    mode). `old` (re-division): each building's grid today; divisions that move fewer
    households win ties."""
    rng = np.random.default_rng(seed)
    totals: dict[str, int] = defaultdict(int)
    members: dict[str, list[int]] = defaultdict(list)
    for v, c in enumerate(compound):
        if c is not None:
            totals[c] += weights[v]
            members[c].append(v)
    whole = frozenset(c for c, t in totals.items() if t <= hi)

    def moved(parts: list[list[int]]) -> int:
        if old is None:
            return 0
        overlap: dict[tuple[int, str], int] = defaultdict(int)
        for k, p in enumerate(parts):
            for v in p:
                if old[v] is not None:
                    overlap[(k, str(old[v]))] += weights[v]
        cont = match(overlap)
        return sum(weights) - sum(overlap[(k, o)] for k, o in cont.items())

    need = {c: math.ceil(t / hi) for c, t in totals.items()}

    def key(parts: list[list[int]]) -> tuple[int, int, int, int, float]:
        """Fewest compounds that fit a grid split, then fewest pieces of compounds beyond
        what their households need, fewest grids, fewest households moved, most even."""
        held: dict[str, set[int]] = defaultdict(set)
        for k, p in enumerate(parts):
            for v in p:
                c = compound[v]
                if c is not None:
                    held[c].add(k)
        split = sum(1 for c, ks in held.items() if len(ks) > 1 and c in whole)
        extra = sum(max(0, len(ks) - need[c]) for c, ks in held.items())
        target = (lo + hi) / 2
        spread = sum((sum(weights[v] for v in p) - target) ** 2 for p in parts)
        return (split, extra, len(parts), moved(parts), spread)

    # No division splits a compound that fits a grid or cuts one into more pieces than its
    # households need, or has fewer grids than the households need: once a tree reaches
    # that, more trees can only even out the sizes (or, re-dividing, move fewer households).
    floor = (0, 0, math.ceil(sum(weights) / hi))

    def best_of(
        tries: int, tree: Callable[[int], list[list[int]]], cut: Cut, give_up: int = GIVE_UP
    ) -> Parts | None:
        best: tuple[tuple[int, int, int, int, float], Parts] | None = None
        found = 0
        for t in range(tries):
            if t == give_up and best is None:
                break
            parts = cut(tree(t))
            if parts is None:
                continue
            k = key(parts)
            if best is None or k < best[0]:
                best = (k, parts)
            found += 1
            if found == BEST_OF or (old is None and k[:3] <= floor):
                break
        return best[1] if best is not None else None

    # Mode 1: compounds that fit a grid and are connected on their own become single units.
    n = len(weights)
    ends, length = net

    def improve(parts: Parts) -> Parts:
        """Join compounds the cut split where the building graph allows (see heal); in a
        re-division, then move buildings back into their grid of today where they can."""
        if all(c is None for c in compound) and old is None:
            return parts
        nbrs: list[list[int]] = [[] for _ in range(n)]
        for i, j in ends.tolist():
            nbrs[i].append(j)
            nbrs[j].append(i)
        healed = heal(nbrs, weights, parts, compound, whole, lo, hi)
        if key(healed) < key(parts):
            parts = healed
        if old is not None:
            kept = keep_households(nbrs, weights, parts, old, compound, whole, lo, hi)
            if key(kept) < key(parts):
                parts = kept
        return parts

    group = codes(compound, n)
    inside = ends[group[ends[:, 0]] == group[ends[:, 1]]]
    inside = inside[group[inside[:, 0]] >= 0]
    piece = components(n, inside)
    pieces: dict[str, set[int]] = defaultdict(set)
    for v, c in enumerate(compound):
        if c is not None and c in whole:
            pieces[c].add(int(piece[v]))
    whole_units = {c for c, ps in pieces.items() if len(ps) == 1}
    unit_of: list[int] = []
    unit_members: list[list[int]] = []
    unit_key: dict[str, int] = {}
    for v, c in enumerate(compound):
        if c is not None and c in whole_units:
            if c not in unit_key:
                unit_key[c] = len(unit_members)
                unit_members.append([])
            u = unit_key[c]
        else:
            u = len(unit_members)
            unit_members.append([])
        unit_of.append(u)
        unit_members[u].append(v)
    contracted = len(unit_members) < n
    if contracted:
        nu = len(unit_members)
        uof = np.array(unit_of)
        uends = np.sort(uof[ends], axis=1)
        between = uends[:, 0] != uends[:, 1]
        uends, ulength = uends[between], length[between]
        # One edge per pair of units, the shortest.
        order = np.lexsort((ulength, uends[:, 1], uends[:, 0]))
        uends, ulength = uends[order], ulength[order]
        first = np.ones(len(uends), dtype=bool)
        first[1:] = np.any(uends[1:] != uends[:-1], axis=1)
        uends, ulength = uends[first], ulength[first]
        uw = [sum(weights[v] for v in m) for m in unit_members]
        ugroup = [compound[m[0]] if len(m) == 1 else None for m in unit_members]
        uold = [old[m[0]] for m in unit_members] if old else None
        unit_edges = edge_list(nu, uends, ulength, ugroup, uold)
        ugroups = Groups(ugroup, whole)

        def unit_cut(tree: list[list[int]]) -> Parts | None:
            parts = cut_tree(tree, uw, lo, hi, groups=ugroups)
            if parts is None:
                return None
            return [[v for u in p for v in unit_members[u]] for p in parts]

        found = best_of(
            WHOLE_TRIES, lambda t: spanning_tree(unit_edges, rng if t else None), unit_cut
        )
        if found is not None:
            return improve(found), "whole"
    # Mode 2: any building may be cut from its compound, as few cuts as possible.
    edges = edge_list(n, ends, length, compound, old)
    free = edge_list(n, ends, length, None, old)

    groups = Groups(compound, whole)

    def cut(tree: list[list[int]]) -> Parts | None:
        return cut_tree(tree, weights, lo, hi, groups=groups)

    found = best_of(SPLIT_TRIES, lambda t: spanning_tree(edges, rng if t else None), cut)
    if found is None:
        found = best_of(FREE_TRIES, lambda t: spanning_tree(free, rng), cut, FREE_TRIES)
    if found is not None:
        return improve(found), "split" if contracted else "whole"
    # Mode 3: the least households outside the bounds on one tree, then border buildings
    # moved between neighbouring grids while that brings households back within the bounds.
    tree = spanning_tree(edges, None)
    parts = cut_tree(tree, weights, lo, hi, groups=groups, relaxed=True)
    assert parts is not None
    parts = repair(to_graph(n, ends, length), weights, parts, lo, hi)
    if all(lo <= sum(weights[v] for v in p) <= hi for p in parts):
        return parts, "repaired"
    return parts, "relaxed"


def to_graph(n: int, ends: np.ndarray, length: np.ndarray) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(
        (i, j, {"length": d}) for (i, j), d in zip(ends.tolist(), length.tolist(), strict=True)
    )
    return g


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
            parts, mode = _redivide_parts(job, blds, rest, graph, weights, compound, lo, hi, seed)
        else:
            parts, mode = _solve_parts(net, weights, compound, lo, hi, seed)
        if mode == "relaxed" and problem is None:
            sizes = [sum(weights[v] for v in p) for p in parts]
            out = sorted(
                (s, min(blds[rest[v]].id for v in p))
                for s, p in zip(sizes, parts, strict=True)
                if not lo <= s <= hi
            )
            problems.append(
                Problem(
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
            )
        compound_of_part: dict[str | None, set[int]] = defaultdict(set)
        for k, p in enumerate(parts):
            for v in p:
                if compound[v] is not None:
                    compound_of_part[compound[v]].add(k)
        ctotal: dict[str | None, int] = defaultdict(int)
        for v, c in enumerate(compound):
            if c is not None:
                ctotal[c] += weights[v]
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
            groups.append(([rest[v] for v in p], flags))

    # Geometry and numbering.
    grid_of = [0] * len(blds)
    for k, (members, _flags) in enumerate(groups):
        for i in members:
            grid_of[i] = k
    shapes = grid_shapes(building_cells, grid_of, len(groups), area)
    geojson = geojson_all(shapes, frame)
    centroids = [np.mean(xy[members], axis=0) for members, _ in groups]
    k = len(groups)
    band = max(math.sqrt(area.area / max(k, 1)), 1.0)
    top = float(xy[:, 1].max())
    order = sorted(range(k), key=lambda g: (int((top - centroids[g][1]) // band), centroids[g][0]))
    grids: list[Grid] = []
    previous = _match_previous(job, blds, groups) if job.current else {}
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
    return grids, problems


def _match_previous(
    job: CommunityJob, blds: list[BuildingIn], groups: list[tuple[list[int], list[str]]]
) -> dict[int, tuple[str, bool]]:
    """New grid → (old grid it continues, unchanged?): the one-to-one matching that keeps
    the most households in their grid."""
    overlap: list[tuple[int, int, str]] = []
    old_members: dict[str, set[str]] = defaultdict(set)
    for bid, code in job.current.items():
        old_members[code].add(bid)
    for g, (members, _f) in enumerate(groups):
        counts: dict[str, int] = defaultdict(int)
        for i in members:
            old = job.current.get(blds[i].id)
            if old:
                counts[old] += blds[i].households
        for old, n in counts.items():
            if old.startswith(job.code):
                overlap.append((n, g, old))
    out: dict[int, tuple[str, bool]] = {}
    for g, old in match({(g, old): n for n, g, old in overlap}).items():
        out[g] = (old, {blds[i].id for i in groups[g][0]} == old_members[old])
    return out


def _redivide_parts(
    job: CommunityJob,
    blds: list[BuildingIn],
    rest: list[int],
    graph: nx.Graph,
    weights: list[int],
    compound: list[str | None],
    lo: int,
    hi: int,
    seed: int,
) -> tuple[list[list[int]], str]:
    """Keep today's grids that are still good; re-divide only the broken ones, growing the
    re-divided area into neighbouring grids until it can be divided within the bounds."""
    old_parts: dict[str, list[int]] = defaultdict(list)
    old = [job.current.get(blds[i].id) for i in rest]
    free: set[int] = set()
    for v, i in enumerate(rest):
        code = job.current.get(blds[i].id)
        if code is None or not code.startswith(job.code):
            free.add(v)
        else:
            old_parts[code].append(v)
    kept: dict[str, list[int]] = {}
    for code, members in old_parts.items():
        hh = sum(weights[v] for v in members)
        if lo <= hh <= hi and nx.is_connected(graph.subgraph(members)):
            kept[code] = members
        else:
            free.update(members)
    while True:
        if not free:
            return list(kept.values()), "whole"
        parts: list[list[int]] = []
        failed: set[int] = set()
        mode = "whole"
        for comp in nx.connected_components(graph.subgraph(free)):
            nodes = sorted(comp)
            sub = graph.subgraph(nodes)
            mapping = {v: k for k, v in enumerate(nodes)}
            local = nx.relabel_nodes(sub, mapping)
            w = [weights[v] for v in nodes]
            c = [compound[v] for v in nodes]
            if sum(w) < lo:
                failed.update(nodes)
                continue
            got, m = _solve_parts(graph_arrays(local), w, c, lo, hi, seed, [old[v] for v in nodes])
            if m == "relaxed":
                failed.update(nodes)
                continue
            if m == "split":
                mode = "split"
            parts.extend([[nodes[k] for k in p] for p in got])
        if not failed:
            return list(kept.values()) + parts, mode
        if not kept:
            return _solve_parts(graph_arrays(graph), weights, compound, lo, hi, seed, old)
        touching = {
            code
            for code, members in kept.items()
            if any(n in failed for v in members for n in graph.neighbors(v))
        }
        if not touching:
            touching = set(kept)
        for code in touching:
            free.update(kept.pop(code))


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
    boundaries = boundaries or {}
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
