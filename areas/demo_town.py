"""The demo district's communities and old grids, shaped as a town's are: communities are
unions of neighbouring blocks between the roads (`demo_geography.Network.blocks`), and the
old grids are what a street office would have drawn by hand — whole compounds, block by
block along the streets, in uneven shares (some well over 500 households, some under 300:
why 瓯北's 112 grids were re-divided into 187).

Plain shapely, no database: the demo hands in blocks and buildings and stores what comes out.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shapely import affinity
from shapely.geometry import MultiPoint, Point
from shapely.ops import unary_union, voronoi_diagram

# Blocks sharing less border than this (degrees, about 30 m) are not neighbours: touching at
# a crossing does not make one community.
SHARED_BORDER = 0.0003
# Old grids hold their community's households in shares drawn from this range (× the mean).
SHARE_RANGE = (0.4, 1.75)


def metric(geom: Any) -> Any:
    """`geom` with longitude shrunk by the cosine of its latitude: lengths in one unit."""
    lat = geom.centroid.y if not geom.is_empty else 0.0
    return affinity.scale(geom, xfact=math.cos(math.radians(lat)), yfact=1.0, origin=(0, 0))


def compactness(geom: Any) -> float:
    """Polsby–Popper, 4πA/P²: 1 for a circle, near 0 for a thin strip."""
    m = metric(geom)
    return 4 * math.pi * m.area / m.length**2 if m.length else 0.0


def neighbours(blocks: Sequence[Any]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for i, a in enumerate(blocks):
        for j in range(i + 1, len(blocks)):
            b = blocks[j]
            if a.distance(b) > 1e-7:
                continue
            if a.boundary.intersection(b.boundary.buffer(1e-7)).length > SHARED_BORDER:
                out[i].add(j)
                out[j].add(i)
    return out


def elongation(geom: Any) -> float:
    """How many times longer than wide `geom`'s minimum rotated rectangle is, in metres."""
    ring = list(metric(geom).minimum_rotated_rectangle.exterior.coords)
    if len(ring) < 3:
        return math.inf
    (x0, y0), (x1, y1), (x2, y2) = ring[0], ring[1], ring[2]
    a, b = math.hypot(x1 - x0, y1 - y0), math.hypot(x2 - x1, y2 - y1)
    return max(a, b) / max(min(a, b), 1e-12)


def _border(a: Any, b: Any) -> float:
    if a.distance(b) > 1e-7:
        return 0.0
    return float(a.boundary.intersection(b.buffer(1e-7)).length)


def communities(blocks: Sequence[Any], count: int, rng: random.Random) -> list[list[int]]:
    """`count` communities as lists of neighbouring blocks. A thin block (the strip between
    the riverside road and the bank) first joins the block it shares most border with; then
    the smallest region (its area weighed by its roundness and a draw, so seeds differ) joins
    the neighbour that leaves the roundest union, until `count` remain."""
    nbrs = neighbours(blocks)
    weight = [rng.uniform(0.75, 1.3) for _ in blocks]
    regions: dict[int, list[int]] = {i: [i] for i in range(len(blocks))}
    shapes = {i: blocks[i] for i in regions}
    owner = {i: i for i in regions}

    def join(small: int, best: int) -> None:
        regions[best].extend(regions.pop(small))
        shapes[best] = unary_union([shapes[best], shapes.pop(small)])
        for i in regions[best]:
            owner[i] = best

    def around(r: int) -> list[int]:
        near = {owner[j] for i in regions[r] for j in nbrs[i]} - {r}
        if not near:  # touching only at a corner, or across a gap: the nearest region
            near = {
                min((o for o in regions if o != r), key=lambda o: shapes[r].distance(shapes[o]))
            }
        return sorted(near)

    thin = sorted(
        (i for i in range(len(blocks)) if elongation(blocks[i]) > 3), key=lambda i: blocks[i].area
    )
    for i in thin:
        if len(regions) <= count or owner[i] != i or len(regions[i]) > 1:
            continue
        join(i, max(around(i), key=lambda r: _border(shapes[i], shapes[r])))
    while len(regions) > count:
        # Thin regions go first: a strip of a block is no community.
        small = min(regions, key=lambda r: shapes[r].area * weight[r] * compactness(shapes[r]))
        best = max(
            around(small),
            key=lambda r: (compactness(unary_union([shapes[small], shapes[r]])), -shapes[r].area),
        )
        join(small, best)
    return [sorted(r) for r in regions.values()]


@dataclass
class Placed:
    """A building as the grids need it: where, how many households, which compound."""

    key: Any
    x: float
    y: float
    households: int
    compound: str


def shares(total: int, k: int, rng: random.Random) -> list[int]:
    """`k` grid quotas of `total` households summing to it, uneven by `SHARE_RANGE`; a
    subdistrict's grids come out the same way: by `k` per community."""
    draws = [rng.uniform(*SHARE_RANGE) for _ in range(k)]
    scale = total / sum(draws)
    return [round(d * scale) for d in draws]


def parcels(blocks: Sequence[Any]) -> list[Any]:
    """`blocks` with each thin one joined to the neighbour it shares most border with: an
    office does not draw a grid along a strip of embankment."""
    out = list(blocks)
    for thin in sorted((b for b in blocks if elongation(b) > 3), key=lambda b: b.area):
        if len(out) < 2 or thin not in out:
            continue
        others = [o for o in out if o is not thin]
        best = max(others, key=lambda o: (_border(thin, o), -thin.distance(o)))
        out.remove(thin)
        out[out.index(best)] = unary_union([best, thin])
    return out


def _block_walk(blocks: Sequence[Any]) -> list[int]:
    """Blocks in the order an office walks them: from the north-west, each next the nearest."""
    left = set(range(len(blocks)))
    at = min(left, key=lambda i: blocks[i].centroid.x - blocks[i].centroid.y)
    order = [at]
    left.discard(at)
    while left:
        here = blocks[at]

        def step(i: int, here: Any = here) -> tuple[float, float]:
            return (blocks[i].distance(here), here.centroid.distance(blocks[i].centroid))

        at = min(left, key=step)
        order.append(at)
        left.discard(at)
    return order


def _long_axis(geom: Any) -> tuple[float, float]:
    ring = list(geom.minimum_rotated_rectangle.exterior.coords)
    if len(ring) < 3:
        return (1.0, 0.0)
    (x0, y0), (x1, y1), (x2, y2) = ring[0], ring[1], ring[2]
    a, b = (x1 - x0, y1 - y0), (x2 - x1, y2 - y1)
    axis = a if math.hypot(*a) >= math.hypot(*b) else b
    n = math.hypot(*axis) or 1.0
    return (axis[0] / n, axis[1] / n)


def old_grids(
    blocks: Sequence[Any], buildings: Sequence[Placed], k: int, rng: random.Random
) -> list[tuple[list[Placed], Any]]:
    """`k` old grids of a community made of `blocks`: runs of whole compounds along the walk
    through the blocks (a compound is split only when there are fewer compounds than grids),
    each cut where its quota is nearest; a grid's territory is its buildings' cells within
    their blocks, so its edges follow the roads and run between compounds."""
    blocks = parcels(blocks)
    block_of: list[int] = []
    for b in buildings:
        point = Point(b.x, b.y)
        inside = next((i for i, blk in enumerate(blocks) if blk.covers(point)), None)
        block_of.append(
            inside
            if inside is not None
            else min(range(len(blocks)), key=lambda i: blocks[i].distance(point))
        )
    walk = _block_walk(blocks)
    rank = {blk: n for n, blk in enumerate(walk)}
    axes = [_long_axis(b) for b in blocks]
    compound_at: dict[str, tuple[float, float]] = {}
    members: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(buildings):
        members[b.compound].append(i)
    for c, idx in members.items():
        compound_at[c] = (
            sum(buildings[i].x for i in idx) / len(idx),
            sum(buildings[i].y for i in idx) / len(idx),
        )

    def place(i: int) -> tuple[Any, ...]:
        b = buildings[i]
        blk = block_of[i]
        ax, ay = axes[blk]
        cx, cy = compound_at[b.compound]
        # Alternate direction block by block, so consecutive blocks join end to end.
        sign = 1 if rank[blk] % 2 == 0 else -1
        return (rank[blk], sign * (cx * ax + cy * ay), b.compound, b.x * ax + b.y * ay)

    order = sorted(range(len(buildings)), key=place)
    seq = [buildings[i] for i in order]
    quotas = shares(sum(b.households for b in seq), k, rng)
    whole = len(members) >= k
    # Candidate cuts: before position p (a compound's first building, or any building).
    candidates = [
        p for p in range(1, len(seq)) if not whole or seq[p].compound != seq[p - 1].compound
    ]
    running = [0]
    for b in seq:
        running.append(running[-1] + b.households)
    cuts: list[int] = []
    target = 0
    for j in range(k - 1):
        target += quotas[j]
        after = cuts[-1] if cuts else 0
        room = len(candidates) - (k - 2 - j)  # leave a candidate for each cut still to make
        options = [p for p in candidates[:room] if p > after]
        if not options:
            break
        cuts.append(min(options, key=lambda p: abs(running[p] - target)))
    edges = [0, *cuts, len(seq)]
    groups = [seq[edges[g] : edges[g + 1]] for g in range(len(edges) - 1)]
    index_of = {id(b): i for i, b in enumerate(buildings)}
    grid_of = [0] * len(buildings)
    for g, group in enumerate(groups):
        for b in group:
            grid_of[index_of[id(b)]] = g
    by_block: dict[int, list[int]] = defaultdict(list)
    for i, blk in enumerate(block_of):
        by_block[blk].append(i)
    cell_of: dict[int, Any] = {}
    empty = []
    for n, blk in enumerate(blocks):
        here = by_block.get(n, [])
        if not here:
            empty.append(blk)  # a park, a school, a market: drawn into a grid beside it
            continue
        for i, cell in _cells(blk, [buildings[i] for i in here], here):
            cell_of[i] = cell
    # A unit moves as one: a compound's buildings in one grid.
    units: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, b in enumerate(buildings):
        units[(b.compound, grid_of[i])].append(i)
    land = {u: unary_union([cell_of[i] for i in idx if i in cell_of]) for u, idx in units.items()}
    _join_detached(units, land, grid_of)
    pieces: dict[int, list[Any]] = defaultdict(list)
    for i, cell in cell_of.items():
        pieces[grid_of[i]].append(cell)
    shapes = {g: unary_union(p) for g, p in pieces.items()}
    for blk in empty:
        if not shapes:
            break
        best = max(shapes, key=lambda g: (_border(blk, shapes[g]), -blk.distance(shapes[g])))
        shapes[best] = unary_union([shapes[best], blk])
    held: dict[int, list[Placed]] = defaultdict(list)
    for i, b in enumerate(buildings):
        held[grid_of[i]].append(b)
    return [(held[g], shapes.get(g)) for g in sorted(held)]


def _join_detached(
    units: dict[tuple[str, int], list[int]], land: dict[tuple[str, int], Any], grid_of: list[int]
) -> None:
    """A grid in pieces gives the units off its largest piece to the grid they share most
    border with, as an office would redraw a line: at most a few rounds."""
    for _ in range(3):
        moved = False
        grids: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for u, idx in units.items():
            grids[grid_of[idx[0]]].append(u)
        shapes = {g: unary_union([land[u] for u in us]) for g, us in grids.items()}
        for g, us in sorted(grids.items()):
            whole = shapes[g]
            if whole.geom_type != "MultiPolygon" or len(us) < 2:
                continue
            main = max(whole.geoms, key=lambda p: p.area)
            for u in us:
                if land[u].is_empty or land[u].intersection(main).area > 0:
                    continue
                others = [h for h in shapes if h != g]
                best = max(others, key=lambda h: _border(land[u], shapes[h]), default=None)
                if best is None or _border(land[u], shapes[best]) == 0:
                    continue
                for i in units[u]:
                    grid_of[i] = best
                moved = True
        if not moved:
            return


def _cells(block: Any, placed: list[Placed], index: list[int]) -> list[tuple[int, Any]]:
    """Each building's share of `block`: its Voronoi cell within the block."""
    points = [(b.x, b.y) for b in placed]
    if len(set(points)) < 2:
        return [(index[0], block)]
    cells = voronoi_diagram(MultiPoint(points), envelope=block.envelope.buffer(0.001))
    out = []
    remaining = list(range(len(placed)))
    for cell in cells.geoms:
        hit = next((n for n in remaining if cell.covers(Point(points[n]))), None)
        if hit is None:
            continue
        remaining.remove(hit)
        piece = cell.intersection(block)
        if not piece.is_empty:
            out.append((index[hit], piece))
    return out
