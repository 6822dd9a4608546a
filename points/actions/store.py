"""The charity store: stores, items and stock, redemptions and their write-off."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from areas.models import Area
from core.audit import diff, record
from core.bulk import insert
from core.i18n import stored
from core.refusal import Conflict, Forbidden, Invalid, NotFound, Refusal
from core.timeutil import now, shown
from core.workflow import Notice, allowed, move
from points.actions.ledger import append_entry, lock_balance
from points.models import (
    EntryKind,
    Item,
    ItemKind,
    Redemption,
    RedemptionStatus,
    Store,
)
from points.permissions import is_staff_for, may_manage_store
from points.selectors import home_community_codes
from points.workflow import REDEMPTIONS

# No 0/O, 1/I/L: codes are read aloud and typed at the counter.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes: not guessable at any rate the counter allows


def new_pickup_code() -> str:
    """A random code; uniqueness is the database's (a collision is retried by the caller)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


MAX_AMOUNT = 1_000_000  # prices, stock and changes: far beyond any store, inside any integer
BAD_CODE_LIMIT = 20  # wrong codes per staff member per window, against guessing at the counter
BAD_CODE_WINDOW = 600


def _too_many_bad_codes(actor: Any) -> bool:
    return (cache.get(f"points-bad-code:{actor.pk}") or 0) >= BAD_CODE_LIMIT


def _note_bad_code(actor: Any) -> None:
    # The cache is outside the transaction: the count survives the rollback of the refusal.
    key = f"points-bad-code:{actor.pk}"
    if not cache.add(key, 1, BAD_CODE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, BAD_CODE_WINDOW)


def _require_store_staff(actor: Any, store: Store) -> None:
    if not may_manage_store(actor, store):
        raise NotFound(_("This store is outside your area."))


def _text(value: Any, field: str, *, required: bool = True, limit: int = 100) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise Invalid(_("This field is required."), field=field)
    return text[:limit]


@transaction.atomic
def do_create_store(
    community: Area, *, name: str, address: str = "", opening_hours: str = "", actor: Any
) -> Store:
    """Staff open a store in a community of their area."""
    if community.level != "community":
        raise Invalid(_("A store belongs to a community."), field="community")
    if not is_staff_for(actor, community.code):
        raise NotFound(_("This community is outside your area."))
    store = Store.objects.create(
        community=community,
        name=_text(name, "name"),
        address=_text(address, "address", required=False, limit=200),
        opening_hours=_text(opening_hours, "opening_hours", required=False),
    )
    record(actor, "points.store.create", store, {"community": community.code})
    return store


@transaction.atomic
def do_update_store(store: Store, *, actor: Any, **values: Any) -> Store:
    _require_store_staff(actor, store)
    store = Store.objects.select_for_update().select_related("community").get(pk=store.pk)
    new: dict[str, Any] = {}
    if "name" in values:
        new["name"] = _text(values["name"], "name")
    if "address" in values:
        new["address"] = _text(values["address"], "address", required=False, limit=200)
    if "opening_hours" in values:
        new["opening_hours"] = _text(values["opening_hours"], "opening_hours", required=False)
    if "active" in values:
        new["active"] = bool(values["active"])
    changes = diff(store, new)
    for k, v in new.items():
        setattr(store, k, v)
    if new:
        store.save(update_fields=list(new))
    record(actor, "points.store.update", store, changes)
    return store


def _positive(value: Any, field: str, *, zero_ok: bool = False) -> int:
    if isinstance(value, bool):
        raise Invalid(_("Enter a whole number."), field=field)
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise Invalid(_("Enter a whole number."), field=field) from None
    if n < 0 or (n == 0 and not zero_ok):
        raise Invalid(
            _("Enter a number of at least %(min)d.") % {"min": 0 if zero_ok else 1}, field=field
        )
    if n > MAX_AMOUNT:
        raise Invalid(_("Enter a number of at most %(max)d.") % {"max": MAX_AMOUNT}, field=field)
    return n


@transaction.atomic
def do_create_item(
    store: Store,
    *,
    kind: str,
    name: str,
    price: int,
    stock: int = 0,
    description: str = "",
    actor: Any,
) -> Item:
    """Staff put goods or a service on a store's shelf with a points price and stock."""
    _require_store_staff(actor, store)
    if kind not in ItemKind.values:
        raise Invalid(_("Choose goods or a service."), field="kind")
    item = Item.objects.create(
        store=store,
        kind=kind,
        name=_text(name, "name"),
        description=_text(description, "description", required=False, limit=300),
        price=_positive(price, "price"),
        stock=_positive(stock, "stock", zero_ok=True),
    )
    record(actor, "points.item.create", item, {"price": item.price, "stock": item.stock})
    return item


@transaction.atomic
def do_update_item(item: Item, *, actor: Any, **values: Any) -> Item:
    """Change an item's name, description, price or whether it is on sale (not its stock:
    stock moves only by restocking and redemptions)."""
    _require_store_staff(actor, item.store)
    item = Item.objects.select_for_update().get(pk=item.pk)
    new: dict[str, Any] = {}
    if "name" in values:
        new["name"] = _text(values["name"], "name")
    if "description" in values:
        new["description"] = _text(values["description"], "description", required=False, limit=300)
    if "price" in values:
        new["price"] = _positive(values["price"], "price")
    if "kind" in values:
        if values["kind"] not in ItemKind.values:
            raise Invalid(_("Choose goods or a service."), field="kind")
        new["kind"] = values["kind"]
    if "active" in values:
        new["active"] = bool(values["active"])
    changes = diff(item, new)
    for k, v in new.items():
        setattr(item, k, v)
    if new:
        item.save(update_fields=list(new))
    record(actor, "points.item.update", item, changes)
    return item


@transaction.atomic
def do_restock_item(item: Item, delta: int, *, reason: str = "", actor: Any) -> Item:
    """Add (or, with a negative delta, remove) stock; never below zero. Audited."""
    _require_store_staff(actor, item.store)
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise Invalid(_("The change must be a whole number other than zero."), field="delta")
    if abs(delta) > MAX_AMOUNT or item.stock + delta > MAX_AMOUNT:
        raise Invalid(_("Enter a number of at most %(max)d.") % {"max": MAX_AMOUNT}, field="delta")
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.stock + delta < 0:
        raise Conflict(
            _("Only %(n)d in stock: cannot remove %(d)d.") % {"n": item.stock, "d": -delta},
            field="delta",
        )
    before = item.stock
    item.stock += delta
    item.save(update_fields=["stock"])
    record(actor, "points.item.restock", item, {"stock": [before, item.stock], "reason": reason})
    return item


def do_redeem_item(user: Any, item: Item, *, quantity: int = 1, actor: Any = None) -> Redemption:
    """A resident spends points on an item of a store in their own community. Points and stock
    are reserved at once: the balance row is locked, then the item's stock is taken by a
    conditional UPDATE (last, so the hot item row is locked briefly, and only if the price and
    sale status are still those the resident saw); not enough of either refuses the whole
    redemption."""
    for attempt in range(3):
        try:
            return _redeem(user, item, quantity=quantity, actor=actor)
        except IntegrityError as exc:
            # A pickup code collided with an existing one (odds ~1e-12): draw again.
            if "pickup_code" not in str(exc) or attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _redeem(user: Any, item: Item, *, quantity: int, actor: Any) -> Redemption:
    actor = actor or user
    if actor.pk != user.pk:
        raise Forbidden(_("Residents redeem for themselves."))
    qty = _positive(quantity, "quantity")
    if qty > 20:
        raise Invalid(_("At most 20 at a time."), field="quantity")
    store = item.store
    if not store.active or store.community.code not in home_community_codes(user):
        raise NotFound(_("This store is not in your community."))
    if not item.active:
        raise NotFound(_("This item is not on sale."))
    balance = lock_balance(user.pk)
    cost = item.price * qty
    if balance.balance < cost:
        raise Conflict(
            _("Not enough points: the balance is %(balance)d, %(need)d are needed.")
            % {"balance": balance.balance, "need": cost},
            field="quantity",
        )
    redemption = Redemption(
        user=user, item=item, store=store, quantity=qty, points=cost, pickup_code=new_pickup_code()
    )
    insert(redemption)
    append_entry(
        balance,
        kind=EntryKind.DEBIT,
        amount=-cost,
        reason=stored(gettext_lazy("Redeemed %(item)s × %(n)d"), item=item.name, n=qty),
        source="redemption",
        source_id=str(redemption.pk),
        actor=user,
    )
    record(user, "points.redeem", redemption, {"item": item.pk, "quantity": qty, "points": cost})
    # The stock goes last: the item's row lock, which every buyer of this item waits for, is
    # then held only until the commit.
    taken = Item.objects.filter(pk=item.pk, active=True, price=item.price, stock__gte=qty).update(
        stock=F("stock") - qty
    )
    if not taken:
        now_item = Item.objects.filter(pk=item.pk).values("active", "price").first()
        if now_item is None or not now_item["active"]:
            raise NotFound(_("This item is not on sale."))
        if now_item["price"] != item.price:
            raise Conflict(_("The price has just changed; look again."), field="quantity")
        raise Conflict(_("Not enough in stock."), field="quantity")
    return redemption


@transaction.atomic
def do_pickup_redemption(code: str, *, actor: Any, store: Store | None = None) -> Redemption:
    """Staff write a redemption off at the counter by its pickup code. An unknown code, a code
    of another area (or another store, when one is given), or a used or cancelled code is
    refused and nothing changes."""
    if _too_many_bad_codes(actor):
        raise Refusal(
            _("Too many wrong pickup codes; wait a few minutes."), status=429, field="code"
        )
    normal = normalise_code(code)
    if len(normal) != CODE_LENGTH:
        raise Invalid(_("A pickup code has 8 letters and digits."), field="code")
    found = (
        Redemption.objects.select_for_update(of=("self",))
        .select_related("store__community", "item", "user")
        .filter(pickup_code=normal)
        .first()
    )
    if (
        found is None
        or not may_manage_store(actor, found.store)
        or (store is not None and found.store_id != store.pk)
    ):
        _note_bad_code(actor)
        raise NotFound(_("No redemption has this pickup code."), field="code")
    if found.status == RedemptionStatus.PICKED_UP:
        raise Conflict(
            _("This pickup code was already used at %(t)s.")
            % {"t": shown(found.picked_up_at) if found.picked_up_at else ""},
            field="code",
        )
    if "pickup" not in allowed(REDEMPTIONS, found.status):
        raise Conflict(_("This redemption was cancelled."), field="code")
    return move(
        found,
        "pickup",
        actor,
        changes={"picked_up_at": now(), "handled_by": actor},
        audit_changes={"status": ["reserved", "picked_up"]},
        notices=[
            Notice(
                [found.user],
                gettext_lazy("Picked up: %(item)s"),
                found.store.name,
                "/points/redemptions/",
                {"item": found.item.name},
            )
        ],
        locked=True,
    )


@transaction.atomic
def do_cancel_redemption(redemption: Redemption, *, actor: Any, reason: str = "") -> Redemption:
    """Before pickup, the resident (or staff of the store) cancels: the points are refunded and
    the stock restored, in one transaction."""
    found = (
        Redemption.objects.select_for_update(of=("self",))
        .select_related("store__community", "item")
        .get(pk=redemption.pk)
    )
    if actor.pk != found.user_id and not may_manage_store(actor, found.store):
        raise NotFound(_("No such redemption."))
    if "cancel" not in allowed(REDEMPTIONS, found.status):
        raise Conflict(_("Only a redemption awaiting pickup can be cancelled."))
    balance = lock_balance(found.user_id)
    Item.objects.filter(pk=found.item_id).update(stock=F("stock") + found.quantity)
    append_entry(
        balance,
        kind=EntryKind.REFUND,
        amount=found.points,
        reason=stored(gettext_lazy("Refund: %(item)s cancelled"), item=found.item.name),
        source="redemption",
        source_id=str(found.pk),
        actor=actor,
    )
    notices = []
    if actor.pk != found.user_id:
        notices.append(
            Notice(
                [found.user],
                gettext_lazy("Redemption cancelled, %(n)d points refunded"),
                reason,
                "/points/redemptions/",
                {"n": found.points},
            )
        )
    return move(
        found,
        "cancel",
        actor,
        changes={"cancelled_at": now(), "handled_by": actor},
        audit_changes={"status": ["reserved", "cancelled"], "reason": reason},
        notices=notices,
        locked=True,
    )
