"""The redemption workflow: one table of allowed transitions."""

from __future__ import annotations

from points.models import RedemptionStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.RESERVED: frozenset({S.PICKED_UP, S.CANCELLED}),
    S.PICKED_UP: frozenset(),
    S.CANCELLED: frozenset(),
}


def can_move(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())
