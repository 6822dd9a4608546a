"""The old name of the points refusal, now the one refusal type of `core.refusal` (pages and
the API catch `Refusal`; this name goes once nothing imports it)."""

from __future__ import annotations

from core.refusal import Refusal

PointsError = Refusal

__all__ = ["PointsError"]
