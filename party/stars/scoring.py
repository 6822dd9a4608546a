"""How an assessment is scored: an automatic item earns its points in proportion to its
measured value up to the target (full points at or above it); a hand item earns what was given
(the reviewer's score over the self-assessed one). The stars come from the share of the
points possible, by the office's thresholds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from party.stars.models import AssessmentItem, StarScale

TENTH = Decimal("0.1")


def automatic_score(points: int, target: Decimal, value: Decimal) -> Decimal:
    if target <= 0 or value <= 0:
        return Decimal(0)
    share = min(Decimal(value) / Decimal(target), Decimal(1))
    return (points * share).quantize(TENTH, ROUND_HALF_UP)


def total(items: Iterable[AssessmentItem]) -> Decimal:
    return sum((i.score or Decimal(0) for i in items), Decimal(0))


def stars(percent: Decimal, thresholds: Sequence[Decimal]) -> int:
    """5 at or above the first threshold, 4 at the second, … 1 below the last."""
    for n, floor in zip((5, 4, 3, 2), thresholds, strict=True):
        if percent >= floor:
            return n
    return 1


def scale() -> StarScale:
    """The office's thresholds (the defaults until it sets them)."""
    found = StarScale.objects.order_by("pk").first()
    return found or StarScale()
