"""Benchmark: grid division of synthetic cities, linli against PySAL spopt's max-p.

    python bench/division.py [--sizes 1000,10000,50000] [--maxp-timeout 120] [--redivide 10000]

Cities of N buildings (about 77 households each: ~4 million households at 50,000) in
communities of ~40 buildings, 85 % of buildings in compounds (areas/division/engine/
synthetic.py). For each size, in the same run:

  linli   areas.division.engine.divide, bounds [300, 500], per community, 2 processes
  max-p   spopt.region.MaxPHeuristic (threshold 300 households, the standard library for
          contiguous regions with a floor) on the whole city's adjacency; run in a
          subprocess with a time limit and a memory cap, so a slow or out-of-memory run
          prints "timeout" / "out of memory" instead of hanging

Printed per method: seconds (wall clock, and CPU seconds, which a busy machine does not
inflate), grids, share of grids within [300, 500], share of grids contiguous (in the
adjacency graph that method was given), share of grids crossing a community boundary; for
linli also why each community it could not divide within the bounds cannot be. Compounds,
in three kinds (see compound_needs): split without need (the compound fits one grid and
nothing shown forces it apart: the figure to keep at zero); split as needed, over the
bound (and how many of those are in more grids than their households need); split as
needed, buildings too far apart for one contiguous grid within the bound.

Then a re-division (--redivide buildings, 0 skips): the share of households that move,
linli's re-division against a fresh division that ignores today's grids, and the floor.

spopt is optional (`make bench` installs it: `pip install -e ".[bench]"`); without it the
max-p baseline is skipped, and a line on stderr names what is missing and how to install it.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import multiprocessing as mp
import os
import queue
import random
import resource
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402

from areas.division.engine import Bounds, BuildingIn, divide  # noqa: E402
from areas.division.engine.geometry import Frame, cells, community_shape  # noqa: E402
from areas.division.engine.graph import adjacency, project  # noqa: E402
from areas.division.engine.synthetic import city  # noqa: E402
from areas.division.engine.types import DETACHED  # noqa: E402

BOUNDS = Bounds(300, 500)
MEMORY_CAP = 6 * 1024**3  # bytes a max-p child may map before it counts as out of memory


def community_graphs(
    buildings: list[BuildingIn], boundaries: dict[str, Any]
) -> dict[str, tuple[nx.Graph, dict[str, int]]]:
    """The adjacency linli works on: per community, buildings within the upper bound whose
    Voronoi cells (clipped to the community) share a border."""
    by: dict[str, list[BuildingIn]] = defaultdict(list)
    for b in buildings:
        by[b.community].append(b)
    out = {}
    for code, members in by.items():
        members = sorted(members, key=lambda b: b.id)
        lat0 = sum(b.lat for b in members) / len(members)
        xy = project(np.array([b.lon for b in members]), np.array([b.lat for b in members]), lat0)
        area = community_shape(boundaries.get(code), xy, Frame(lat0))
        small = [i for i, b in enumerate(members) if b.households <= BOUNDS.max]
        if not small:
            continue
        graph = adjacency(xy[small], cells(xy, area)[small])
        graph.graph["households"] = [members[i].households for i in small]
        out[code] = (graph, {members[i].id: k for k, i in enumerate(small)})
    return out


def city_graph(buildings: list[BuildingIn]) -> nx.Graph:
    """The adjacency max-p gets: Delaunay over the whole city, cut the same way."""
    lat0 = sum(b.lat for b in buildings) / len(buildings)
    xy = project(np.array([b.lon for b in buildings]), np.array([b.lat for b in buildings]), lat0)
    return adjacency(xy)


def compound_needs(
    buildings: list[BuildingIn], graphs: dict[str, tuple[nx.Graph, dict[str, int]]]
) -> dict[str, str]:
    """Why a compound may be split, whatever the method: "over" (more households than a
    grid holds, or a building that is a grid of its own), "apart" (its buildings are not
    neighbours, and the fewest households that join them make more than a grid holds: no
    contiguous grid can hold it; a lower bound, node-weighted shortest paths between its
    pieces), or "fits" (nothing shown forces a split)."""
    members: dict[str, list[BuildingIn]] = defaultdict(list)
    for b in buildings:
        if b.compound:
            members[b.compound].append(b)
    out: dict[str, str] = {}
    for c, blds in members.items():
        total = sum(b.households for b in blds)
        graph, local = graphs.get(blds[0].community, (nx.Graph(), {}))
        if total > BOUNDS.max or any(b.id not in local for b in blds):
            out[c] = "over"
            continue
        nodes = {local[b.id] for b in blds}
        pieces = list(nx.connected_components(graph.subgraph(nodes)))
        hh = graph.graph["households"]
        joining = 0
        for i, piece in enumerate(pieces[:-1]):
            # Households outside the compound on the lightest path from this piece to each other.
            dist = nx.multi_source_dijkstra_path_length(
                graph,
                piece,
                weight=lambda _u, v, _d, inside=nodes, hh=hh: 0 if v in inside else hh[v],
            )
            for other in pieces[i + 1 :]:
                joining = max(joining, min(dist.get(v, BOUNDS.max + 1) for v in other))
        out[c] = "apart" if total + joining > BOUNDS.max else "fits"
    return out


def score(
    groups: list[list[int]],
    buildings: list[BuildingIn],
    contiguous: list[bool],
    needs: dict[str, str],
) -> dict[str, Any]:
    compound_total: dict[str, int] = defaultdict(int)
    compound_grids: dict[str, set[int]] = defaultdict(set)
    crossing = 0
    in_bounds = 0
    for g, members in enumerate(groups):
        hh = sum(buildings[i].households for i in members)
        in_bounds += BOUNDS.holds(hh)
        if len({buildings[i].community for i in members}) > 1:
            crossing += 1
        for i in members:
            c = buildings[i].compound
            if c:
                compound_grids[c].add(g)
    for b in buildings:
        if b.compound:
            compound_total[b.compound] += b.households
    split = {c for c, grids in compound_grids.items() if len(grids) > 1}
    over = [c for c, why in needs.items() if why == "over"]
    apart = [c for c, why in needs.items() if why == "apart"]
    fits = [c for c, why in needs.items() if why == "fits"]
    n = max(len(groups), 1)
    return {
        "grids": len(groups),
        "in_bounds": in_bounds / n,
        "contiguous": sum(contiguous) / n,
        # Compounds that fit one grid and nothing shown forces apart, split anyway.
        "split_without_need": sum(1 for c in fits if c in split),
        "fits": len(fits),
        # Split as needed: too large for a grid, or buildings too far apart.
        "over": len(over),
        "over_split": sum(1 for c in over if c in split),
        # ... and of those, in more grids than their households need.
        "over_extra": sum(
            1 for c in over if len(compound_grids[c]) > math.ceil(compound_total[c] / BOUNDS.max)
        ),
        "apart": len(apart),
        "apart_split": sum(1 for c in apart if c in split),
        "crossing": crossing / n,
    }


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the division's worker pool)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_linli(
    buildings: list[BuildingIn],
    boundaries: dict[str, Any],
    graphs: dict[str, tuple[nx.Graph, dict[str, int]]],
    needs: dict[str, str],
) -> dict[str, Any]:
    started, cpu = time.perf_counter(), cpu_seconds()
    division = divide(buildings, BOUNDS, boundaries, workers=2)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    index = {b.id: i for i, b in enumerate(buildings)}
    groups, contiguous = [], []
    for g in division.grids:
        groups.append([index[b] for b in g.buildings])
        if len(g.buildings) == 1:
            contiguous.append(True)
            continue
        graph, local = graphs[g.community]
        contiguous.append(nx.is_connected(graph.subgraph([local[b] for b in g.buildings])))
    out: dict[str, Any] = dict(score(groups, buildings, contiguous, needs))
    out["seconds"] = seconds
    out["cpu"] = cpu
    out["flagged"] = sum(1 for g in division.grids if not BOUNDS.holds(g.households))
    out["islands"] = sum(1 for g in division.grids if DETACHED in g.flags)
    out["problems"] = [f"{p.reason}: {p.message}" for p in division.problems]
    return out


def _maxp_child(n: int, seed: int, needs: dict[str, str], out: Any) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    try:
        import geopandas as gpd
        import libpysal
        from spopt.region import MaxPHeuristic
    except ImportError as exc:
        out.put({"error": f"skipped: {exc.name or 'spopt'} not installed"})
        return
    try:
        buildings, _ = city(n, seed)
        graph = city_graph(buildings)
        neighbours = {i: sorted(graph.neighbors(i)) for i in graph.nodes}
        w = libpysal.weights.W(neighbours, silence_warnings=True)
        gdf = gpd.GeoDataFrame(
            {
                "x": [b.lon for b in buildings],
                "y": [b.lat for b in buildings],
                "households": [b.households for b in buildings],
            },
            geometry=gpd.points_from_xy([b.lon for b in buildings], [b.lat for b in buildings]),
        )
        started = time.perf_counter()
        cpu = cpu_seconds()
        model = MaxPHeuristic(gdf, w, ["x", "y"], "households", BOUNDS.min, top_n=2)
        model.solve()
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu
        labels = list(model.labels_)
        groups_by: dict[Any, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            groups_by[label].append(i)
        groups = list(groups_by.values())
        contiguous = [nx.is_connected(graph.subgraph(g)) for g in groups]
        result = score(groups, buildings, contiguous, needs)
        result["seconds"] = seconds
        result["cpu"] = cpu
        result["largest"] = max(sum(buildings[i].households for i in g) for g in groups)
        out.put(result)
    except MemoryError:
        out.put({"error": "out of memory"})


# What the max-p baseline imports (spopt brings the other two; listed so a half-installed
# environment names what it lacks).
MAXP_MODULES = ("spopt", "geopandas", "libpysal")


def missing_maxp() -> list[str]:
    return [m for m in MAXP_MODULES if importlib.util.find_spec(m) is None]


def say_maxp_skipped(missing: list[str]) -> None:
    """A skipped baseline is said loudly: the figures above it have nothing to compare with."""
    print(
        f"bench/division.py: SKIPPING the max-p baseline: {', '.join(missing)} not installed; "
        f"install the bench extra with `make bench` or `{sys.executable} -m pip install -e "
        f"'.[bench]'`",
        file=sys.stderr,
        flush=True,
    )


def run_maxp(n: int, seed: int, timeout: float, needs: dict[str, str]) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_maxp_child, args=(n, seed, needs, out))
    child.start()
    try:
        result = out.get(timeout=timeout)
    except queue.Empty:
        result = {"error": f"timeout (> {timeout:.0f} s)"}
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()
    elif child.exitcode and child.exitcode < 0 and "error" not in result:
        result = {"error": "out of memory"}
    return result


def row(name: str, r: dict[str, Any]) -> str:
    if "error" in r:
        return f"  {name:<6} {r['error']}"
    extra = (
        f"  largest {r['largest']}"
        if "largest" in r
        else f"  flagged {r['flagged']}  polygons of islands {r['islands']}"
    )
    return (
        f"  {name:<6} {r['seconds']:8.2f} s (cpu {r['cpu']:6.2f} s)  {r['grids']:6d} grids  "
        f"in bounds {r['in_bounds']:6.1%}  contiguous {r['contiguous']:6.1%}  "
        f"crossing {r['crossing']:5.1%}{extra}\n"
        f"         compounds split without need {r['split_without_need']}/{r['fits']} "
        f"({r['split_without_need'] / max(r['fits'], 1):.1%});  split as needed: over the "
        f"bound {r['over_split']}/{r['over']} (in more grids than needed {r['over_extra']}), "
        f"buildings too far apart {r['apart_split']}/{r['apart']}"
    )


def old_grids(buildings: list[BuildingIn], boundaries: dict[str, Any], bounds: Bounds) -> dict:
    """Today's grids for a re-division: the city divided within `bounds`."""
    return divide(buildings, bounds, boundaries, workers=2).assignment


def redivision(n: int, seed: int) -> None:
    """Re-divide a city whose grids are today (a) too large, as in 瓯北 (112 grids of about
    700 households into 187), (b) within the bounds, after households changed: per
    building ×0.9–1.1, 3 % doubled, 3 % halved. The share of households that move, for the
    re-division (keeps good grids, follows today's borders), for a fresh division that
    ignores today's grids (matched to them afterwards), and the floor no division within
    the bounds can go under (a grid continues one of today's, holding at most the upper
    bound of its households)."""
    buildings, boundaries = city(n, seed)
    rng = random.Random(seed)
    changed = []
    for b in buildings:
        r = rng.random()
        factor = 2.0 if r < 0.03 else 0.5 if r < 0.06 else rng.uniform(0.9, 1.1)
        changed.append(replace(b, households=min(int(b.households * factor), BOUNDS.max)))
    for label, today, now in (
        ("grids of 500-900 today", old_grids(buildings, boundaries, Bounds(500, 900)), buildings),
        (
            "grids of 300-500 today, households changed",
            old_grids(buildings, boundaries, BOUNDS),
            changed,
        ),
    ):
        sizes: dict[str, int] = defaultdict(int)
        for b in now:
            sizes[today[b.id]] += b.households
        total = sum(sizes.values())
        floor = 1 - sum(min(s, BOUNDS.max) for s in sizes.values()) / total
        print(f"re-division of {n} buildings, {label}: {len(sizes)} grids, floor {floor:.1%}")
        for name, keep in (("linli", True), ("fresh", False)):
            started, cpu = time.perf_counter(), cpu_seconds()
            d = divide(now, BOUNDS, boundaries, current=today, keep=keep, workers=2)
            print(
                f"  {name:<6} {time.perf_counter() - started:8.2f} s (cpu {cpu_seconds() - cpu:6.2f} s)"
                f"  {len(d.grids):6d} grids  in bounds {d.in_bounds_share(BOUNDS):6.1%}  "
                f"households moved {d.moved_share:6.1%}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--maxp-timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--redivide", type=int, default=10000, help="buildings; 0 skips")
    args = parser.parse_args()
    print(
        f"grid division, bounds [{BOUNDS.min}, {BOUNDS.max}], {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    missing = missing_maxp()
    if missing:
        say_maxp_skipped(missing)
    for n in (int(s) for s in args.sizes.split(",") if s):
        buildings, boundaries = city(n, args.seed)
        households = sum(b.households for b in buildings)
        print(f"{n} buildings, {households:,} households, {len(boundaries)} communities")
        graphs = community_graphs(buildings, boundaries)
        needs = compound_needs(buildings, graphs)
        linli = run_linli(buildings, boundaries, graphs, needs)
        print(row("linli", linli))
        for problem in linli["problems"]:
            print(f"         why: {problem}")
        if missing:
            maxp = {"error": f"SKIPPED: {', '.join(missing)} not installed (see stderr)"}
        else:
            maxp = run_maxp(n, args.seed, args.maxp_timeout, needs)
        print(row("max-p", maxp))
        if "error" not in maxp:
            print(f"  linli/max-p time ratio {linli['seconds'] / maxp['seconds']:.3f}")
        sys.stdout.flush()
    if args.redivide:
        redivision(args.redivide, args.seed)


if __name__ == "__main__":
    main()
