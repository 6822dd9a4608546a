"""The checks of a report before anything is built or stored: its category, text and
coordinates, where it is placed, and who may report there on its channel (asking
`cases.permissions`)."""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext as _

from areas.location import clean_point
from areas.models import Building
from cases import routing
from cases.models import Category, Channel
from cases.permissions import may_patrol, may_report_for
from core.memo import Memo
from core.refusal import Forbidden, Invalid

HOTLINES = frozenset({Channel.HOTLINE_12345, Channel.HOTLINE_96345})


CATEGORY_TTL = 30.0
_categories: Memo[Category] = Memo(CATEGORY_TTL, shared="case-categories")


def forget_categories() -> None:
    _categories.clear()


def resolve_category(value: Any) -> Category:
    """A category from an instance, a code or an id; unknown or inactive ones are refused.

    Codes are looked up through a per-process memo (`core.memo`, shared: cleared at once in
    the process that saves a category, within `LINLI_SHARED_VERSION_SECONDS` in the others,
    at most `CATEGORY_TTL`); each call gets its own copy."""
    if isinstance(value, Category):
        category: Category | None = value
    elif isinstance(value, int) and not isinstance(value, bool):
        category = Category.objects.filter(pk=value).first()
    elif isinstance(value, str) and value.strip() and len(value.strip()) <= 20:
        code = value.strip()
        found = _categories.get(code, lambda: Category.objects.filter(code=code).first())
        category = copy.copy(found) if found is not None else None
    else:
        category = None
    if category is None or not category.active:
        raise Invalid(_("Unknown category."), "category")
    return category


def clean_text(value: Any, limit: int, field: str, required: bool = True) -> str:
    """`value` stripped, refused if empty (when `required`) or longer than `limit`."""
    text = str(value or "").strip()
    if required and not text:
        raise Invalid(_("Please describe the problem."), field)
    if len(text) > limit:
        raise Invalid(
            _("At most %(n)d characters (this has %(m)d).") % {"n": limit, "m": len(text)}, field
        )
    return text


def located(
    lon: Any, lat: Any, building: Building | None, address: str
) -> tuple[float, float, str]:
    """The report's point and address: given coordinates, else its building's."""
    if building is not None:
        x, y = (
            clean_point(lon, lat)
            if lon is not None and lat is not None
            else (building.lon, building.lat)
        )
        return x, y, address or building.address or building.name
    if lon is None or lat is None or lon == "" or lat == "":
        raise Invalid(_("Give a location: a point on the map or an address."), "location")
    x, y = clean_point(lon, lat)
    return x, y, address


def place(x: float, y: float, building: Building | None) -> routing.Placement:
    """The grid a report goes to: its building's, else the one its point falls in."""
    if building is not None and building.grid_id:
        grid = building.grid
        assert grid is not None
        return routing.Placement(grid.pk, grid.code, grid.level, False, grid.name)
    found = routing.place(x, y)
    if found is None:
        raise Invalid(_("This location is outside the areas we serve."), "location")
    return found


def check_channel(actor: Any, channel: str, placement: routing.Placement) -> None:
    """Hotlines are for the desk staff of the place, patrols for its grid workers (or desk)."""
    if channel in HOTLINES and not may_report_for(actor, placement.area_code):
        raise Forbidden(_("This location is outside your area."))
    if channel == Channel.PATROL and not may_patrol(actor, placement.area_code):
        raise Forbidden(_("This location is outside your area."))
