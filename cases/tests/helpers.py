"""Small builders for case tests on the `world` fixture."""

from __future__ import annotations

from typing import Any

from cases.actions import do_report_case
from cases.models import Case, Category
from tests.photos import jpeg  # noqa: F401  (the cases' tests import it from here)

# Inside the east grid (square 120.62..120.64, 28.0..28.02).
EAST = (120.63, 28.005)
WEST = (120.61, 28.005)


def category(code: str = "S0101") -> Category:
    return Category.objects.get(code=code)


def report(world: Any, *, code: str = "S0101", at: tuple[float, float] = EAST, **kw: Any) -> Case:
    kw.setdefault("actor", world.users["resident"])
    kw.setdefault("description", "楼下垃圾堆了三天")
    return do_report_case(category=category(code), lon=at[0], lat=at[1], **kw)
