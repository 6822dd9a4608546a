"""Helpers shared by the points API modules."""

from __future__ import annotations

from typing import Any

from points.models import Item, LedgerEntry, Redemption


def entry_out(e: LedgerEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": str(e.get_kind_display()),
        "amount": e.amount,
        "reason": e.reason,
        # In the reader's language when the entries went through selectors.with_labels.
        "label": getattr(e, "label", e.reason),
        "subject": e.subject_text,
        "activity": e.activity,
        "source": e.source,
        "source_id": e.source_id,
        "earned_on": e.earned_on,
        "created": e.created,
    }


def redemption_out(r: Redemption, *, owner: bool) -> dict[str, Any]:
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


def item_out(i: Item) -> dict[str, Any]:
    return {
        "id": i.pk,
        "store_id": i.store_id,
        "kind": i.kind,
        "name": i.name,
        "description": i.description,
        "price": i.price,
        "stock": i.stock,
        "active": i.active,
    }
