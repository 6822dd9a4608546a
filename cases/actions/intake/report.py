"""A report from any channel: checked (`checks`), its rows built (`rows`), then stored with
the reports that arrive with it (`store`); a retry with the same idempotency key answers the
case it made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _

from areas.models import Building
from cases import photos as photo_checks
from cases import routing
from cases.actions.intake.checks import (
    HOTLINES,
    check_channel,
    clean_text,
    located,
    place,
    resolve_category,
)
from cases.actions.intake.rows import prepare
from cases.actions.intake.store import writer
from cases.models import Case, Channel
from cases.models.case import DESCRIPTION_MAX
from core.refusal import Invalid, Refusal


def _replay(actor: Any, key: str) -> Case | None:
    """The case this user already made with this idempotency key, marked as replayed."""
    if not key:
        return None
    existing = Case.objects.filter(created_by=actor, idempotency_key=key).first()
    if existing is not None:
        existing.replayed = True
    return existing


def do_report_case(
    *,
    actor: Any,
    category: Any,
    description: str,
    channel: str = Channel.APP,
    lon: Any = None,
    lat: Any = None,
    building: Building | None = None,
    address: str = "",
    photos: list[Any] | tuple[Any, ...] = (),
    anonymous: bool = False,
    caller_name: str = "",
    caller_phone: str = "",
    idempotency_key: str = "",
    resolve_on_spot: bool = False,
    after_photos: list[Any] | tuple[Any, ...] = (),
    note: str = "",
    check: Callable[[routing.Placement], None] | None = None,
    then: Callable[[Case], None] | None = None,
) -> Case:
    """Report a case from any channel and route it to its grid.

    Rules: a known active category; a description of 1–4000 characters; a location
    (lon/lat in range, or a building: the address goes through its building) inside
    the served areas; at most 4 photos, each checked by content. Hotline channels
    are for desk staff (on behalf of a caller, whose phone is required); patrol
    reports are for grid workers on their own area: they are dispatched to the
    worker at once, or with `resolve_on_spot` (and after-photos) closed at grid
    level at once. An `idempotency_key` makes retries by the same user return the
    same case (`case.replayed` is True then). Anything refused stores nothing.

    A channel's own rules come as `check(placement)`, run once the location is placed and
    before anything is stored (it raises Refusal to refuse), and `then(case)`, run in the
    transaction that stores the case (its own rows, say).
    """
    key = str(idempotency_key or "").strip()
    if len(key) > 64:
        raise Invalid(_("The idempotency key is too long (64 characters at most)."), "key")
    # No look-up first: the unique (created_by, idempotency_key) constraint catches a retry
    # when the case is inserted, and a retry the checks refuse is looked up then.
    try:
        return _report(
            actor=actor,
            category=category,
            description=description,
            channel=channel,
            lon=lon,
            lat=lat,
            building=building,
            address=address,
            photos=photos,
            anonymous=anonymous,
            caller_name=caller_name,
            caller_phone=caller_phone,
            key=key,
            resolve_on_spot=resolve_on_spot,
            after_photos=after_photos,
            note=note,
            check=check,
            then=then,
        )
    except Refusal:
        existing = _replay(actor, key)
        if existing is None:
            raise
        return existing


def _report(
    *,
    actor: Any,
    category: Any,
    description: str,
    channel: str,
    lon: Any,
    lat: Any,
    building: Building | None,
    address: str,
    photos: list[Any] | tuple[Any, ...],
    anonymous: bool,
    caller_name: str,
    caller_phone: str,
    key: str,
    resolve_on_spot: bool,
    after_photos: list[Any] | tuple[Any, ...],
    note: str,
    check: Callable[[routing.Placement], None] | None = None,
    then: Callable[[Case], None] | None = None,
) -> Case:
    if channel not in Channel.values:
        raise Invalid(_("Unknown channel."), "channel")
    cat = resolve_category(category)
    text = clean_text(description, DESCRIPTION_MAX, "description")
    address = clean_text(address, 200, "address", required=False)
    x, y, address = located(lon, lat, building, address)
    caller_name = clean_text(caller_name, 50, "caller_name", required=False)
    caller_phone = clean_text(caller_phone, 20, "caller_phone", required=False)
    if channel in HOTLINES and (not caller_phone or not caller_phone.replace("-", "").isdigit()):
        raise Invalid(_("Enter the caller's phone number."), "caller_phone")
    if resolve_on_spot and channel != Channel.PATROL:
        raise Invalid(_("Only a patrol report can be resolved on the spot."), "channel")
    placement = place(x, y, building)
    if check is not None:
        check(placement)
    check_channel(actor, channel, placement)

    before = photo_checks.prepare_all(list(photos))
    after = photo_checks.prepare_all(list(after_photos)) if resolve_on_spot else []
    if resolve_on_spot and not after:
        raise Invalid(_("Add a photo after the fix to resolve it on the spot."), "after_photos")

    item = prepare(
        actor=actor,
        cat=cat,
        text=text,
        channel=channel,
        x=x,
        y=y,
        address=address,
        building=building,
        placement=placement,
        anonymous=bool(anonymous),
        caller_name=caller_name,
        caller_phone=caller_phone,
        key=key,
        before=before,
        after=after,
        resolve_on_spot=resolve_on_spot,
        note=note,
    )
    item.then = then
    try:
        # In a caller's transaction the savepoint is only needed to survive a raced key.
        return writer.submit(item, savepoint=bool(key))
    except IntegrityError:
        # A retry (or two racing ones): the case with this key is stored already.
        existing = _replay(actor, key)
        if existing is None:
            raise
        return existing
