"""Every point a user gives is checked once (`areas.location.clean_point`): numbers in
range, never (0, 0), and near the district where the areas have boundaries."""

from __future__ import annotations

from typing import Any

import pytest

from areas.location import MARGIN, clean_point, extent
from core.refusal import Invalid


@pytest.mark.django_db
def test_it_refuses_null_island_even_without_boundaries() -> None:
    assert extent() is None
    for lon, lat in ((0, 0), ("0", "0.0"), (0.0004, -0.0002)):
        with pytest.raises(Invalid, match="不是真实位置") as err:
            clean_point(lon, lat)
        assert err.value.field == "location"
    assert clean_point(116.4, 39.9) == (116.4, 39.9)  # nothing to compare with: accepted


def test_it_refuses_points_far_outside_the_district(world: Any) -> None:
    west, south, east, north = extent() or (0, 0, 0, 0)
    assert west < 120.63 < east and south < 28.005 < north
    assert clean_point("120.63", 28.005) == (120.63, 28.005)
    assert clean_point(east + MARGIN / 2, north) == (east + MARGIN / 2, north)  # a fix nearby
    for lon, lat in ((116.4, 39.9), (east + 2 * MARGIN, north), (0, 0)):
        with pytest.raises(Invalid) as err:
            clean_point(lon, lat, field="point")
        assert err.value.field == "point"
    bad: list[Any] = [200, "x", True, float("inf")]
    for lon in bad:
        with pytest.raises(Invalid):
            clean_point(lon, 28)


def test_it_follows_a_boundary_that_changes(world: Any) -> None:
    _west, _south, east, _north = extent() or (0, 0, 0, 0)
    far = (east + 1, 28.005)
    with pytest.raises(Invalid, match="远在本辖区之外"):
        clean_point(*far)
    grid = world.east_grid
    grid.boundary = {
        "type": "Polygon",
        "coordinates": [
            [[120.62, 28.0], [far[0] + 0.01, 28.0], [far[0] + 0.01, 28.02], [120.62, 28.0]]
        ],
    }
    grid.save(update_fields=["boundary"])
    assert clean_point(*far) == far
