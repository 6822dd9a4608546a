from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_the_tree_from_district_to_household(world, login):
    client = login(world.users["subdistrict_staff"])
    page = client.get(reverse("areas:area", args=[world.subdistrict.code]))
    assert page.status_code == 200
    body = page.content.decode()
    assert world.east.name in body and world.west.name in body
    page = client.get(reverse("areas:area", args=[world.east_grid.code]))
    body = page.content.decode()
    assert world.east_building.name in body
    assert world.east_households[0].address in body
    page = client.get(reverse("areas:building", args=[world.east_building.code]))
    assert world.east_households[1].room in page.content.decode()
    page = client.get(reverse("areas:household", args=[world.east_households[0].code]))
    assert "E居民1" in page.content.decode()
