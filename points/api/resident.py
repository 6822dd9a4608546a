"""Resident operations: balance, history, stores, redeeming, my redemptions, leaderboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, Sum
from django.http import HttpRequest
from ninja import Query, Schema, Status
from pydantic import Field

from areas.models import Area
from core.refusal import NotFound
from core.schemas import errors
from core.timeutil import today
from points import permissions, selectors
from points.actions import do_cancel_redemption, do_redeem_item
from points.api import router
from points.api.common import redemption_out
from points.api.schemas import (
    BalanceOut,
    CancelIn,
    EntryOut,
    ItemOut,
    RankOut,
    RedeemIn,
    RedemptionOut,
    StoreOut,
)
from points.models import Item, LedgerEntry, Redemption, Store


class Page(Schema):
    limit: int = Field(30, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


MISSING_ITEM = "No such item in your community's stores."


@router.get("/me", response=BalanceOut, summary="My balance")
def my_balance(request: HttpRequest) -> dict[str, int]:
    year = today().year
    earned = (
        selectors.history_of(request.user)
        .filter(Q(kind="credit") | Q(kind="adjustment", amount__gt=0), earned_on__year=year)
        .aggregate(t=Sum("amount"))["t"]
    )
    return {
        "balance": selectors.balance_of(request.user),
        "earned_this_year": int(earned or 0),
        "year": year,
    }


@router.get("/history", response={200: list[EntryOut], **errors()}, summary="My points history")
def my_history(request: HttpRequest, page: Query[Page]) -> list[LedgerEntry]:
    rows = selectors.history_of(request.user)[page.offset : page.offset + page.limit]
    return selectors.with_labels(rows)


@router.get("/stores", response=list[StoreOut], summary="Charity stores of my community")
def my_stores(request: HttpRequest) -> list[Store]:
    return list(selectors.resident_stores(request.user))


@router.get(
    "/stores/{store_id}/items",
    response={200: list[ItemOut], **errors(404)},
    summary="Items of a store",
)
def store_items(request: HttpRequest, store_id: int) -> Any:
    """Residents see what is on sale in their stores; staff see every item of their stores."""
    store = selectors.resident_stores(request.user).filter(pk=store_id).first()
    if store is not None:
        items = selectors.store_items(store)
    else:
        store = selectors.staff_stores(request.user).filter(pk=store_id).first()
        if store is None:
            raise NotFound("No such store.")
        items = store.items.order_by("price", "name")
    return list(items)


@router.post(
    "/items/{item_id}/redeem",
    response={201: RedemptionOut, **errors(400, 404, 409)},
    summary="Redeem an item",
)
def redeem(request: HttpRequest, item_id: int, data: RedeemIn) -> Status:
    """Reserve the points and the stock at once; the answer carries the pickup code."""
    try:
        # get(), not first(): first() orders by Item's Meta ordering, which joins the store
        found = Item.objects.select_related("store__community").get(pk=item_id)
    except Item.DoesNotExist:
        raise NotFound(MISSING_ITEM) from None
    try:
        r = do_redeem_item(request.user, found, quantity=data.quantity)
    except NotFound:
        # One answer for another community's item and an item off sale: nothing leaks.
        raise NotFound(MISSING_ITEM) from None
    return Status(201, redemption_out(r, owner=True))


@router.get(
    "/redemptions",
    response={200: list[RedemptionOut], **errors()},
    summary="My redemptions",
)
def my_redemptions(request: HttpRequest, page: Query[Page]) -> list[dict[str, Any]]:
    rows = selectors.redemptions_of(request.user)[page.offset : page.offset + page.limit]
    return [redemption_out(r, owner=True) for r in rows]


@router.post(
    "/redemptions/{redemption_id}/cancel",
    response={200: RedemptionOut, **errors(400, 404, 409)},
    summary="Cancel a redemption before pickup",
)
def cancel(request: HttpRequest, redemption_id: int, data: CancelIn) -> Status:
    """The resident, or staff of the store, cancels: points refunded, stock restored."""
    r = (
        Redemption.objects.select_related("item", "store__community", "user")
        .filter(pk=redemption_id)
        .first()
    )
    if r is None or not permissions.can_view_redemption(request.user, r):
        raise NotFound("No such redemption.")
    done = do_cancel_redemption(r, actor=request.user, reason=data.reason)
    return Status(200, redemption_out(done, owner=done.user_id == request.user.pk))


@router.get(
    "/leaderboard",
    response={200: list[RankOut], **errors(404)},
    summary="Leaderboard of a community",
)
def leaderboard(request: HttpRequest, community: str | None = None) -> Any:
    """This year's top earners of my community (or one under my staff roles); names masked
    unless the caller is staff of that community."""
    own = selectors.home_community_codes(request.user)
    staff_q = Area.objects.filter(level="community").filter(
        permissions.staff_q(request.user, "code")
    )
    code = community or (own[0] if own else None)
    if code is None:
        first = staff_q.order_by("code").first()
        code = first.code if first else None
    if code is None:
        raise NotFound("You do not belong to a community.")
    is_staff = staff_q.filter(code=code).exists()
    if code not in own and not is_staff:
        raise NotFound("No such community.")
    rows = selectors.leaderboard(code, year=today().year, mask=not is_staff)
    return [
        {"rank": r.rank, "name": r.name, "points": r.points, "me": r.user_id == request.user.pk}
        for r in rows
    ]
