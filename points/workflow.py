"""The redemption workflow: one table of allowed transitions (`core.workflow`).

A redemption reserves points and stock at once; staff write it off at the counter (pickup),
or it is cancelled before that and refunded. It keeps no history rows of its own: its
timestamps and the audit entries ("points.pickup", "points.cancel") are its history.
"""

from __future__ import annotations

from core.workflow import Table
from points.models import RedemptionStatus as S

REDEMPTIONS = Table(
    "points.redemption",
    S,
    {
        (S.RESERVED, "pickup"): S.PICKED_UP,
        (S.RESERVED, "cancel"): S.CANCELLED,
    },
    audit="points.{action}",
)
