"""List pages cost a fixed number of queries, however many children or buildings they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from areas.models import Area, Building, Household, Resident
from tests.factories import square

pytestmark = pytest.mark.django_db


def _grow(world, n):
    for i in range(n):
        grid = Area.objects.create(
            code=f"{world.east.code}{i + 2:03d}",
            name=f"grid {i}",
            level="grid",
            parent=world.east,
            boundary=square(120.62, 28.0, 0.005),
        )
        b = Building.objects.create(
            code=f"X{i}", name=f"b{i}", community=world.east, grid=grid, lon=120.63, lat=28.0
        )
        h = Household.objects.create(code=f"X{i}H", building=b, grid=grid, address="x")
        Resident.objects.create(code=f"X{i}P", household=h, name="p", gender="M")
        b2 = Building.objects.create(
            code=f"Y{i}", name=f"y{i}", community=world.east, grid=world.east_grid, lon=1, lat=1
        )
        Household.objects.create(code=f"Y{i}H", building=b2, grid=world.east_grid, address="y")


@pytest.mark.parametrize("level", ["community", "grid"])
def test_it_counts_children_without_a_query_per_row(world, login, level):
    client = login(world.users["community_staff"])
    url = reverse(
        "areas:area", args=[world.east.code if level == "community" else world.east_grid.code]
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _grow(world, 5)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)
    assert page.status_code == 200


def test_it_shows_the_community_page_in_a_fixed_number_of_queries(
    world, login, django_assert_num_queries
):
    _grow(world, 5)
    client = login(world.users["community_staff"])
    url = reverse("areas:area", args=[world.east.code])
    client.get(url)  # warm the session
    # One read of the viewer's role assignments serves the matrix, the admin check and the nav;
    # the map's roads, water bodies and service points near the area are one query each, and
    # so are the members' service posts held on its grids (areas.panels.grid_posts).
    with django_assert_num_queries(16):
        page = client.get(url)
    rows = {c.code: (c.household_count, c.resident_count) for c in page.context["children"]}
    assert rows[world.east_grid.code] == (7, 2)
    assert rows[f"{world.east.code}002"] == (1, 1)
