"""How a figure becomes points (pure functions, no queries).

Each item's raw figure is normalised to a share between 0 and 1, then weighted:
points = weight × share, rounded to hundredths; a row's score is the sum.

- counts (cases handled, cases reported, patrols): the figure over the best figure of the
  same kind (workers or grids) in the assessment (相对值法); when nobody has any, 0.
- on-time closure: closed on time ÷ closed (a grid: the indicators' on-time closure rate,
  on time ÷ due); nothing due: 1.
- rework: 1 − reworks ÷ handlings; nothing handled: 1.
- ratings: the average rating ÷ 5; no rating: 1.
- visit coverage: households visited ÷ households in the visit period so far; none: 1.
- complaints: 1 − ¼ per complaint, never below 0 (four complaints lose the item).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dashboard.models import ItemKey

COUNTS = (ItemKey.HANDLED, ItemKey.REPORTED, ItemKey.PATROLS)
RATES = (ItemKey.ON_TIME, ItemKey.REWORK, ItemKey.RATING, ItemKey.VISITS)
COMPLAINT_STEP = Decimal("0.25")
RATING_MAX = 5
CENT = Decimal("0.01")
SHARE = Decimal("0.0001")
MAX_SCORE = Decimal(100)


def _dec(value: float | int | Decimal) -> Decimal:
    return Decimal(str(value))


def share(key: str, figure: Mapping[str, Any], best: int) -> Decimal:
    """The normalised figure, 0 … 1 (see the module's rules)."""
    part, whole = figure.get("part", 0), figure.get("whole", 0)
    if key in COUNTS:
        value = _dec(figure["raw"]) / best if best else Decimal(0)
    elif key == ItemKey.COMPLAINTS:
        value = max(Decimal(0), 1 - COMPLAINT_STEP * int(figure["raw"]))
    elif not whole:
        value = Decimal(1)
    elif key == ItemKey.REWORK:
        value = 1 - _dec(part) / whole
    elif key == ItemKey.RATING:
        value = _dec(part) / whole / RATING_MAX  # part: the sum of the ratings
    else:
        value = _dec(part) / whole
    return min(Decimal(1), max(Decimal(0), value)).quantize(SHARE, ROUND_HALF_UP)


def raw_of(key: str, part: float | int, whole: int) -> float | None:
    """The raw figure people read for a rate: a share, or an average rating."""
    if not whole:
        return None
    return round(part / whole, 4)


def score_items(
    weights: Mapping[str, int], figures: Mapping[str, Mapping[str, Any]], best: Mapping[str, int]
) -> tuple[list[dict[str, Any]], Decimal]:
    """A row's items (in the order of `ItemKey`, weights above 0) and its computed score."""
    items = []
    total = Decimal(0)
    for key in ItemKey.values:
        weight = int(weights.get(key, 0))
        if weight <= 0:
            continue
        figure = figures[key]
        s = share(key, figure, best.get(key, 0))
        points = (s * weight).quantize(CENT, ROUND_HALF_UP)
        total += points
        items.append(
            {
                "key": key,
                "raw": figure["raw"],
                "part": figure.get("part", 0),
                "whole": figure.get("whole", 0),
                "best": best.get(key, 0) if key in COUNTS else None,
                "normalised": str(s),
                "weight": weight,
                "points": str(points),
            }
        )
    return items, total


def bests(rows: Iterable[Mapping[str, Mapping[str, Any]]]) -> dict[str, int]:
    """The best figure of each counted item among `rows` (one kind: workers or grids)."""
    out = dict.fromkeys([str(k) for k in COUNTS], 0)
    for figures in rows:
        for key in COUNTS:
            out[key] = max(out[key], int(figures[key]["raw"]))
    return out


def final(computed: Decimal, adjustment: Decimal) -> Decimal:
    """The score: computed plus the adjustment, within 0 … 100."""
    return min(MAX_SCORE, max(Decimal(0), computed + adjustment)).quantize(CENT)


def ranks(scores: Mapping[Any, Decimal]) -> dict[Any, int]:
    """Competition ranking (1, 2, 2, 4): equal scores share a rank."""
    ordered = sorted(scores.values(), reverse=True)
    first: dict[Decimal, int] = {}
    for i, value in enumerate(ordered, start=1):
        first.setdefault(value, i)
    return {key: first[value] for key, value in scores.items()}


# The weights offered before an office has set its own (they add up to 100).
DEFAULT_WEIGHTS = {
    "handled": 20,
    "reported": 10,
    "on_time": 20,
    "rework": 10,
    "rating": 15,
    "visits": 10,
    "patrols": 10,
    "complaints": 5,
}
