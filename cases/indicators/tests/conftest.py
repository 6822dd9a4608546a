from typing import Any

import pytest


@pytest.fixture
def world(world: Any) -> Any:
    from cases.models import Category
    from cases.seed import seed_categories

    seed_categories(Category)
    return world
