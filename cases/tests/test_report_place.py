"""The 随手拍 form opens on the resident's own building, names their grid and community, and
keeps the raw longitude and latitude as hidden inputs the map pin fills; staff still see the
boxes."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_a_resident_gets_their_building_and_grid_without_coordinate_boxes(
    world: Any, login: Any
) -> None:
    page = login(world.users["resident"]).get("/cases/report/").content.decode()
    building = world.east_households[0].building
    assert (
        f'data-home-lon="{building.lon:f}"' in page and f'data-home-lat="{building.lat:f}"' in page
    )
    assert 'id="my-place"' in page and world.east_grid.name in page and world.east.name in page
    assert re.search(r'<input type="hidden" name="lon" id="id_lon"', page)
    assert re.search(r'<input type="hidden" name="lat" id="id_lat"', page)
    assert 'for="id_lon"' not in page


def test_staff_keep_the_coordinate_boxes(world: Any, login: Any) -> None:
    page = login(world.users["grid_worker"]).get("/cases/patrol/").content.decode()
    assert 'for="id_lon"' in page and 'type="text" inputmode="decimal" name="lon"' in page
    assert "data-home-lon" not in page


def test_a_resident_reports_with_the_pins_hidden_values(world: Any, login: Any) -> None:
    client = login(world.users["resident"])
    form = client.get("/cases/report/").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form)[1]  # type: ignore[index]
    building = world.east_households[0].building
    response = client.post(
        "/cases/report/",
        {
            "idempotency_key": key,
            "category": "S0101",
            "description": "楼道灯坏了",
            "lon": f"{building.lon:f}",
            "lat": f"{building.lat:f}",
        },
    )
    assert response.status_code == 302
