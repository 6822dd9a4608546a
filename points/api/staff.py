"""Staff operations: earning rules, stores, items and stock, write-off, adjustments, reports."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from ninja import Query, Status

from accounts.models import User
from areas.models import Area
from core.refusal import NotFound
from core.schemas import errors
from core.timeutil import today
from points import selectors
from points.actions import (
    do_adjust_points,
    do_create_item,
    do_create_rule,
    do_create_store,
    do_deactivate_rule,
    do_pickup_redemption,
    do_restock_item,
    do_update_item,
    do_update_rule,
    do_update_store,
)
from points.api import router
from points.api.common import redemption_out
from points.api.resident import Page
from points.api.schemas import (
    AdjustIn,
    CheckOut,
    EntryOut,
    ItemIn,
    ItemOut,
    ItemPatch,
    PickupIn,
    PointsReportOut,
    RedemptionOut,
    RestockIn,
    RuleIn,
    RuleOut,
    RulePatch,
    StoreIn,
    StoreOut,
    StorePatch,
)
from points.models import EarningRule, Item, RedemptionStatus, Store
from points.permissions import is_points_staff, may_edit_rules, may_manage_user

WRITE = errors(400, 403, 404, 409)


def _staff(request: HttpRequest) -> bool:
    return is_points_staff(request.user)


@router.get("/rules", response={200: list[RuleOut], **errors(404)}, summary="Earning rules")
def list_rules(request: HttpRequest) -> Any:
    if not _staff(request):
        raise NotFound("Not found.")
    return list(selectors.rules())


@router.post("/rules", response={201: RuleOut, **WRITE}, summary="Add an earning rule")
def create_rule(request: HttpRequest, data: RuleIn) -> Status:
    """Administrators only; contradictory rules are refused (400/409) with the reason."""
    rule = do_create_rule(actor=request.user, **data.model_dump())
    return Status(201, rule)


@router.patch("/rules/{rule_id}", response={200: RuleOut, **WRITE}, summary="Change a rule")
def update_rule(request: HttpRequest, rule_id: int, data: RulePatch) -> Status:
    rule = EarningRule.objects.filter(pk=rule_id).first()
    if rule is None or not _staff(request):
        raise NotFound("No such rule.")
    rule = do_update_rule(rule, actor=request.user, **data.model_dump(exclude_unset=True))
    return Status(200, rule)


@router.post(
    "/rules/{rule_id}/deactivate", response={200: RuleOut, **WRITE}, summary="Deactivate a rule"
)
def deactivate_rule(request: HttpRequest, rule_id: int) -> Status:
    rule = EarningRule.objects.filter(pk=rule_id).first()
    if rule is None or not _staff(request):
        raise NotFound("No such rule.")
    rule = do_deactivate_rule(rule, actor=request.user)
    return Status(200, rule)


@router.get("/manage/stores", response=list[StoreOut], summary="Stores I manage")
def managed_stores(request: HttpRequest) -> list[Store]:
    return list(selectors.staff_stores(request.user))


@router.post("/manage/stores", response={201: StoreOut, **WRITE}, summary="Open a store")
def create_store(request: HttpRequest, data: StoreIn) -> Status:
    community = Area.objects.filter(code=data.community_code).first()
    if community is None:
        raise NotFound("No such community.")
    store = do_create_store(
        community,
        name=data.name,
        address=data.address,
        opening_hours=data.opening_hours,
        actor=request.user,
    )
    return Status(201, store)


@router.patch(
    "/manage/stores/{store_id}", response={200: StoreOut, **WRITE}, summary="Change a store"
)
def update_store(request: HttpRequest, store_id: int, data: StorePatch) -> Status:
    store = selectors.staff_stores(request.user).filter(pk=store_id).first()
    if store is None:
        raise NotFound("No such store.")
    store = do_update_store(store, actor=request.user, **data.model_dump(exclude_unset=True))
    return Status(200, store)


@router.post(
    "/manage/stores/{store_id}/items", response={201: ItemOut, **WRITE}, summary="Add an item"
)
def create_item(request: HttpRequest, store_id: int, data: ItemIn) -> Status:
    store = selectors.staff_stores(request.user).filter(pk=store_id).first()
    if store is None:
        raise NotFound("No such store.")
    item = do_create_item(store, actor=request.user, **data.model_dump())
    return Status(201, item)


def _staff_item(request: HttpRequest, item_id: int) -> Item | None:
    return (
        Item.objects.select_related("store__community")
        .filter(pk=item_id, store__in=selectors.staff_stores(request.user))
        .first()
    )


@router.patch("/manage/items/{item_id}", response={200: ItemOut, **WRITE}, summary="Change an item")
def update_item(request: HttpRequest, item_id: int, data: ItemPatch) -> Status:
    item = _staff_item(request, item_id)
    if item is None:
        raise NotFound("No such item.")
    item = do_update_item(item, actor=request.user, **data.model_dump(exclude_unset=True))
    return Status(200, item)


@router.post(
    "/manage/items/{item_id}/restock", response={200: ItemOut, **WRITE}, summary="Change stock"
)
def restock_item(request: HttpRequest, item_id: int, data: RestockIn) -> Status:
    item = _staff_item(request, item_id)
    if item is None:
        raise NotFound("No such item.")
    item = do_restock_item(item, data.delta, reason=data.reason, actor=request.user)
    return Status(200, item)


@router.get(
    "/manage/redemptions",
    response={200: list[RedemptionOut], **errors()},
    summary="Redemptions at my stores",
)
def managed_redemptions(
    request: HttpRequest, page: Query[Page], status: RedemptionStatus | None = None
) -> list[dict[str, Any]]:
    qs = selectors.staff_redemptions(request.user)
    if status is not None:
        qs = qs.filter(status=status)
    return [redemption_out(r, owner=False) for r in qs[page.offset : page.offset + page.limit]]


@router.post(
    "/pickup",
    response={200: RedemptionOut, **errors(400, 403, 404, 409, 429)},
    summary="Write off a redemption by its pickup code",
)
def pickup(request: HttpRequest, data: PickupIn) -> Status:
    """A forged, foreign, cancelled or already used code is refused and nothing changes."""
    done = do_pickup_redemption(data.code, actor=request.user)
    return Status(200, redemption_out(done, owner=False))


@router.post(
    "/adjustments", response={201: EntryOut, **WRITE}, summary="Manual adjustment (audited)"
)
def adjust(request: HttpRequest, data: AdjustIn) -> Status:
    target = User.objects.filter(phone=data.phone.strip()).first()
    if target is None or not may_manage_user(request.user, target):
        raise NotFound("No resident with this phone in your area.")
    entry = do_adjust_points(target, data.amount, reason=data.reason, actor=request.user)
    return Status(201, entry)


@router.get("/ledger/check", response={200: CheckOut, **errors(404)}, summary="Ledger check")
def ledger_check(request: HttpRequest) -> Any:
    """Administrators: prove every balance equals the sum of its entries."""
    if not may_edit_rules(request.user):
        raise NotFound("Not found.")
    result = selectors.check_ledger()
    return {
        "ok": result.ok,
        "users": result.users,
        "entries": result.entries,
        "total": result.total,
        "mismatches": [list(m) for m in result.mismatches[:100]],
    }


@router.get("/reports", response={200: PointsReportOut, **errors(404)}, summary="Reports")
def reports(request: HttpRequest, year: int | None = None) -> Any:
    if not _staff(request):
        raise NotFound("Not found.")
    year = year if year is not None and 2000 <= year <= 2100 else today().year
    stores = selectors.staff_stores(request.user).annotate(
        picked=Count(
            "redemptions",
            filter=Q(redemptions__status="picked_up", redemptions__created__year=year),
        ),
        waiting=Count("redemptions", filter=Q(redemptions__status="reserved")),
        spent=Sum(
            "redemptions__points",
            filter=Q(redemptions__status="picked_up", redemptions__created__year=year),
        ),
    )
    return {
        "year": year,
        "activities": [
            {"activity": label, "credits": n, "points": total}
            for label, n, total in selectors.activity_totals(year, request.user)
        ],
        "stores": [
            {
                "store_id": s.pk,
                "store_name": s.name,
                "picked_up": s.picked,
                "points_spent": s.spent or 0,
                "awaiting_pickup": s.waiting,
            }
            for s in stores
        ],
    }
