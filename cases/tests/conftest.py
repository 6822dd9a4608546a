from typing import Any

import pytest


@pytest.fixture
def world(world: Any) -> Any:
    """The shared world, plus the seeded categories (a transactional test flushes them)."""
    from cases.models import Category
    from cases.seed import seed_categories

    seed_categories(Category)
    return world
