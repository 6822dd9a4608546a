"""The demo district is shaped like a town, checked by the geometry, not by pixels: community
boundaries run along the roads (or the district's edge), no old grid is a thin strip spanning
its community, old grids are made of whole compounds where there are enough, and the same
seed draws the same town."""

from __future__ import annotations

import math
import random

import pytest
from django.db import transaction
from shapely.geometry import box, shape
from shapely.ops import unary_union

from areas import demo, demo_town
from areas.demo_geography import Network
from areas.models import Area, Road, RoadClass
from linli.demo import DemoContext

pytestmark = pytest.mark.django_db

METRE = 1 / 111_320  # degrees of latitude


def _load(seed: int = 7, scale: float = 0.3) -> DemoContext:
    ctx = DemoContext(scale=scale, seed=seed)
    demo.generate(ctx)
    return ctx


def _spans(geom, u):
    proj = [x * u[0] + y * u[1] for x, y in geom.convex_hull.exterior.coords]
    return max(proj) - min(proj)


def stripe(grid, community, aspect: float = 3.0) -> bool:
    """A thin rectangle spanning its community: its minimum rotated rectangle is more than
    `aspect` times as long as wide, and it reaches across (90 % of) its community along it."""
    g, c = demo_town.metric(grid), demo_town.metric(community)
    ring = list(g.minimum_rotated_rectangle.exterior.coords)
    (x0, y0), (x1, y1), (x2, y2) = ring[0], ring[1], ring[2]
    a, b = (x1 - x0, y1 - y0), (x2 - x1, y2 - y1)
    long, short = sorted((a, b), key=lambda v: -math.hypot(*v))
    if math.hypot(*long) <= aspect * math.hypot(*short):
        return False
    u = (long[0] / math.hypot(*long), long[1] / math.hypot(*long))
    return _spans(g, u) >= 0.9 * _spans(c, u)


def test_it_knows_a_strip_when_it_sees_one():
    community = box(120.62, 28.03, 120.63, 28.04)
    assert stripe(box(120.62, 28.03, 120.6225, 28.04), community)  # the old west→east strips
    assert not stripe(box(120.62, 28.03, 120.625, 28.035), community)  # a quarter
    assert not stripe(box(120.62, 28.03, 120.6225, 28.034), community)  # thin, not across


def test_community_boundaries_run_along_the_roads_and_no_grid_is_a_strip():
    ctx = _load()
    roads = unary_union(
        [
            shape(g)
            for g in Road.objects.filter(
                road_class__in=[RoadClass.MAIN, RoadClass.STREET]
            ).values_list("geometry", flat=True)
        ]
    )
    edge = box(*demo.BOUNDS).exterior
    near = unary_union([roads, edge]).buffer(5 * METRE)
    for community in ctx.data["communities"]:
        outline = shape(community.boundary).boundary
        off_road = outline.difference(near).length / outline.length
        assert off_road < 0.05, (community.name, off_road)
    grids = Area.objects.filter(level="grid").select_related("parent")
    assert grids.count() >= 60
    for grid in grids:
        assert grid.boundary, grid.code
        assert not stripe(shape(grid.boundary), shape(grid.parent.boundary)), grid.code
    # The old grids tile their community: together they are its whole territory.
    for community in ctx.data["communities"]:
        theirs = unary_union(
            [shape(g.boundary) for g in grids if g.parent_id == community.pk and g.boundary]
        )
        cell = shape(community.boundary)
        assert theirs.symmetric_difference(cell).area < cell.area * 1e-6, community.name


def test_the_same_seed_draws_the_same_town():
    towns = []
    for _ in range(2):
        with transaction.atomic():
            ctx = _load(seed=3, scale=0.002)
            assert len(ctx.data["communities"]) == demo.COMMUNITIES
            towns.append(
                sorted(
                    Area.objects.filter(level__in=["community", "grid"]).values_list(
                        "code", "boundary"
                    )
                )
            )
            transaction.set_rollback(True)
    assert towns[0] == towns[1]


def test_communities_are_neighbouring_blocks_and_every_block_is_in_one():
    network = Network(20221, demo.BOUNDS)
    regions = demo_town.communities(network.blocks, 27, random.Random(1))
    assert len(regions) == 27
    assert sorted(i for r in regions for i in r) == list(range(len(network.blocks)))
    for r in regions:
        assert unary_union([network.blocks[i] for i in r]).geom_type == "Polygon"


def test_old_grids_keep_compounds_whole_and_come_out_uneven():
    block = box(120.62, 28.03, 120.63, 28.04)
    rng = random.Random(5)
    placed = []
    for c in range(12):
        cx, cy = rng.uniform(120.621, 120.629), rng.uniform(28.031, 28.039)
        for b in range(rng.randint(2, 8)):
            x, y = cx + rng.uniform(-3e-4, 3e-4), cy + rng.uniform(-3e-4, 3e-4)
            placed.append(demo_town.Placed(f"{c}-{b}", x, y, rng.randint(20, 120), f"C{c}"))
    grids = demo_town.old_grids([block], placed, 4, random.Random(2))
    assert len(grids) == 4
    compounds = [{p.compound for p in group} for group, _shape in grids]
    assert sum(len(c) for c in compounds) == 12  # no compound in two grids
    sizes = [sum(p.households for p in group) for group, _shape in grids]
    assert max(sizes) > 1.4 * min(sizes)
    assert unary_union([s for _g, s in grids]).symmetric_difference(block).area < 1e-12
