from typing import Any

import pytest


@pytest.fixture
def world(world: Any) -> Any:
    """The test district with the case categories seeded and a district leader."""
    from accounts.roles import Role
    from cases.models import Category
    from cases.seed import seed_categories

    seed_categories(Category)
    world.users["district_staff"] = world.user(
        Role.DISTRICT_STAFF, world.district, "13700000007", "区领导"
    )
    return world
