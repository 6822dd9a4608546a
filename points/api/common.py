"""Helpers shared by the points API modules."""

from __future__ import annotations

from typing import Any

from points.models import Redemption


def redemption_out(r: Redemption, *, owner: bool) -> dict[str, Any]:
    # Hand-written: what it shows hangs on who asks (the owner or staff), not on the row.
    return {
        "id": r.pk,
        "item_id": r.item_id,
        "item_name": r.item.name,
        "store_id": r.store_id,
        "store_name": r.store.name,
        "quantity": r.quantity,
        "points": r.points,
        "status": r.status,
        "status_label": str(r.get_status_display()),
        # Staff never see a code: only the resident's showing it at the counter releases goods.
        "pickup_code": r.pickup_code if owner else None,
        "resident": "" if owner else r.user.name,
        "created": r.created,
        "picked_up_at": r.picked_up_at,
        "cancelled_at": r.cancelled_at,
    }
