from typing import Any

import pytest


@pytest.fixture
def spot(world: Any) -> Any:
    from fieldwork.models import KeySpot

    return KeySpot.objects.create(
        code="KS1", name="东花园配电房", grid=world.east_grid, kind="配电房", lon=120.63, lat=28.012
    )
