from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from areas.models import Area

pytestmark = pytest.mark.django_db


def _area(**kw):
    return Area(**{"name": "x", **kw})


def test_it_accepts_a_grid_code_that_extends_its_community(world):
    _area(code="330324001001009", level="grid", parent=world.east).full_clean()


@pytest.mark.parametrize(
    ("code", "level", "parent_attr", "field"),
    [
        ("33032400100100", "grid", "east", "code"),  # 14 digits, a grid has 15
        ("330324001002009", "grid", "east", "code"),  # the west's prefix under the east
        ("33032400100100A", "grid", "east", "code"),  # not all digits
        ("330324001001009", "grid", "subdistrict", "parent"),  # skips the community level
        ("330324001001009", "block", "east", "level"),  # unknown level
        ("330325", "district", "district", "parent"),  # the top level has no parent
    ],
)
def test_it_refuses_codes_that_break_the_national_pattern(world, code, level, parent_attr, field):
    with pytest.raises(ValidationError) as err:
        _area(code=code, level=level, parent=getattr(world, parent_attr)).full_clean()
    assert field in err.value.message_dict


def test_it_lists_ancestors_from_the_top(world):
    assert list(world.east_grid.ancestors()) == [world.district, world.subdistrict, world.east]
