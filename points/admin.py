"""Read-only admin: points move only through actions (the staff pages and the API)."""

from __future__ import annotations

from django.contrib import admin

from core.admin_audit import ReadOnlyAdmin as ReadOnly
from points.models import EarningRule, Item, LedgerEntry, PointsBalance, Redemption, Store


@admin.register(EarningRule)
class EarningRuleAdmin(ReadOnly):
    list_display = (
        "activity",
        "unit",
        "points",
        "daily_cap",
        "yearly_cap",
        "valid_from",
        "valid_to",
        "active",
    )
    list_filter = ("activity", "active")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnly):
    list_display = ("created", "user", "kind", "amount", "reason", "source", "source_id")
    list_filter = ("kind", "activity")
    search_fields = ("user__phone", "source_id")
    list_select_related = ("user",)
    raw_id_fields = ("user", "actor", "rule")


@admin.register(PointsBalance)
class PointsBalanceAdmin(ReadOnly):
    list_display = ("user", "balance", "updated")
    list_select_related = ("user",)
    raw_id_fields = ("user",)


@admin.register(Store)
class StoreAdmin(ReadOnly):
    list_display = ("name", "community", "active")
    list_select_related = ("community",)


@admin.register(Item)
class ItemAdmin(ReadOnly):
    list_display = ("name", "store", "kind", "price", "stock", "active")
    list_filter = ("kind", "active")
    list_select_related = ("store",)


@admin.register(Redemption)
class RedemptionAdmin(ReadOnly):
    list_display = ("created", "user", "item", "quantity", "points", "status")
    list_filter = ("status",)
    list_select_related = ("user", "item")
    raw_id_fields = ("user", "item", "store", "handled_by")
