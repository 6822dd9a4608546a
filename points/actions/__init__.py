"""Every write of the points app. Other apps call `do_award_points`."""

from points.actions.ledger import do_adjust_points, do_award_points, do_expire_points
from points.actions.rules import do_create_rule, do_deactivate_rule, do_update_rule
from points.actions.store import (
    do_cancel_redemption,
    do_create_item,
    do_create_store,
    do_pickup_redemption,
    do_redeem_item,
    do_restock_item,
    do_update_item,
    do_update_store,
)

__all__ = [
    "do_adjust_points",
    "do_award_points",
    "do_cancel_redemption",
    "do_create_item",
    "do_create_rule",
    "do_create_store",
    "do_deactivate_rule",
    "do_expire_points",
    "do_pickup_redemption",
    "do_redeem_item",
    "do_restock_item",
    "do_update_item",
    "do_update_rule",
    "do_update_store",
]
