"""Shared helpers for the points tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from points.actions import do_create_rule
from points.models import EarningRule


def make_rule(world: Any, activity: str = "activity", **values: Any) -> EarningRule:
    fields: dict[str, Any] = {
        "activity": activity,
        "unit": "occurrence",
        "points": 10,
        "daily_cap": None,
        "yearly_cap": None,
        "valid_from": dt.date(2020, 1, 1),
        "valid_to": None,
    }
    fields.update(values)
    return do_create_rule(actor=world.users["admin"], **fields)


def make_store(world: Any, community: Any = None, **item: Any) -> Any:
    from points.actions import do_create_item, do_create_store

    community = community or world.east
    staff = world.users["community_staff"] if community == world.east else world.users["admin"]
    store = do_create_store(community, name=f"{community.name}爱心超市", actor=staff)
    fields: dict[str, Any] = {"kind": "goods", "name": "大米5斤", "price": 30, "stock": 3}
    fields.update(item)
    return do_create_item(store, actor=staff, **fields)


def give(world: Any, user: Any, amount: int) -> None:
    from points.actions import do_adjust_points

    do_adjust_points(user, amount, reason="test", actor=world.users["admin"])
