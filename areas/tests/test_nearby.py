"""The walking engine of the service circle (areas.nearby.walk) on tiny hand-made road
networks: walks follow the roads (longer than the straight line), cross where roads cross,
and one multi-source spread agrees with a walk from every place."""

from __future__ import annotations

import math

import pytest

from areas.location import metres
from areas.nearby import walk


def snap(net: walk.Network, lon: float, lat: float) -> walk.Snap:
    found = net.snap(lon, lat)
    assert found is not None
    return found


A, B, C = (120.60, 28.00), (120.61, 28.00), (120.61, 28.01)


def test_it_walks_along_the_roads_not_across_the_block() -> None:
    net = walk.Network.build([[A, B, C]])  # an L: east, then north
    start, end = (120.60, 28.0002), (120.6102, 28.01)  # just off the road at each end
    [walked] = net.walks_from(snap(net, *start), [snap(net, *end)])
    hops = metres(*start, *A) + metres(*end, *C)
    assert walked == pytest.approx(metres(*A, *B) + metres(*B, *C) + hops, abs=1.0)
    assert walked > metres(*start, *end) * 1.3  # well past the straight line


def test_it_turns_where_two_roads_cross_without_a_shared_vertex() -> None:
    # A plus sign: neither line has a vertex at the crossing; the network makes one.
    net = walk.Network.build(
        [[(120.60, 28.005), (120.62, 28.005)], [(120.61, 27.995), (120.61, 28.015)]]
    )
    assert (120.61, 28.005) in net.graph
    [walked] = net.walks_from(snap(net, 120.60, 28.005), [snap(net, 120.61, 28.015)])
    assert walked == pytest.approx(
        metres(120.60, 28.005, 120.61, 28.005) + metres(120.61, 28.005, 120.61, 28.015), abs=1.0
    )


def test_it_walks_straight_along_a_shared_segment() -> None:
    net = walk.Network.build([[A, B]])
    here, there = snap(net, 120.603, 28.0), snap(net, 120.605, 28.0)
    [walked] = net.walks_from(here, [there])
    assert walked == pytest.approx(metres(120.603, 28.0, 120.605, 28.0), abs=0.5)


def test_it_gives_every_building_its_nearest_place_in_one_spread() -> None:
    grid = [[(120.60 + i * 0.004, 28.0), (120.60 + i * 0.004, 28.02)] for i in range(6)]
    grid += [[(120.60, 28.0 + j * 0.004), (120.62, 28.0 + j * 0.004)] for j in range(6)]
    net = walk.Network.build(grid)
    buildings = [(120.601 + i * 0.0033, 28.0011 + j * 0.0031) for i in range(6) for j in range(6)]
    places = [(120.6055, 28.0073), (120.6171, 28.0165), (120.6021, 28.0182)]
    targets, sources = net.snap_many(buildings), net.snap_many(places)
    cutoff = 1200.0
    spread = net.nearest_walks(targets, sources, cutoff)
    each = [min(net.walks_from(s, [t], cutoff)[0] for s in sources) for t in targets]
    assert spread == pytest.approx(each)
    assert any(math.isinf(d) for d in spread) and any(d < cutoff for d in spread)


def test_it_measures_the_straight_line_times_the_detour_without_roads() -> None:
    net = walk.Network.build([])
    assert not net and net.snap(*A) is None
    [d] = walk.straight(*A, [C], 1.3)
    assert d == pytest.approx(metres(*A, *C) * 1.3)
