from typing import Any

import pytest


@pytest.fixture
def world(world: Any) -> Any:
    """The shared world plus the seeded categories and an Open311 key (`world.api_key`)."""
    from cases.models import Category
    from cases.open311.actions import do_issue_api_key, service_account
    from cases.seed import seed_categories

    seed_categories(Category)
    world.api_key_obj, world.api_key = do_issue_api_key(
        name="Test client", user=service_account("Test client"), actor=None
    )
    return world
