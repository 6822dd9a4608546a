"""Intake: reports from every channel, duplicates, merging and "me too"."""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _

from areas.models import Building
from cases import photos as photo_checks
from cases import routing
from cases.actions._base import (
    case_url,
    desk_users,
    history,
    move,
    now,
)
from cases.deadlines import deadline
from cases.models import (
    Case,
    CasePhoto,
    CaseTransition,
    Category,
    Channel,
    PhotoStage,
)
from cases.models.case import DESCRIPTION_MAX
from cases.permissions import is_desk, may_patrol, may_report_for, require_view
from cases.workflow import Level, Status, level_of_area
from core import audit
from core.bulk import column_of, insert_params, params_of, stored_as
from core.groupcommit import GroupCommit
from core.i18n import site_language
from core.memo import Memo
from core.middleware import current_ip
from core.models import AuditEntry, Notification
from core.notify import notices, notify_rows
from core.refusal import Forbidden, Invalid, Refusal

HOTLINES = frozenset({Channel.HOTLINE_12345, Channel.HOTLINE_96345})


CATEGORY_TTL = 30.0
_categories: Memo[Category] = Memo(CATEGORY_TTL, shared="case-categories")


def forget_categories() -> None:
    _categories.clear()


def resolve_category(value: Any) -> Category:
    """A category from an instance, a code or an id; unknown or inactive ones are refused.

    Codes are looked up through a per-process memo (`core.memo`, shared: cleared at once in
    the process that saves a category, within `LINLI_SHARED_VERSION_SECONDS` in the others,
    at most `CATEGORY_TTL`); each call gets its own copy."""
    if isinstance(value, Category):
        category: Category | None = value
    elif isinstance(value, int) and not isinstance(value, bool):
        category = Category.objects.filter(pk=value).first()
    elif isinstance(value, str) and value.strip() and len(value.strip()) <= 20:
        code = value.strip()
        found = _categories.get(code, lambda: Category.objects.filter(code=code).first())
        category = copy.copy(found) if found is not None else None
    else:
        category = None
    if category is None or not category.active:
        raise Invalid(_("Unknown category."), "category")
    return category


def _replay(actor: Any, key: str) -> Case | None:
    """The case this user already made with this idempotency key, marked as replayed."""
    if not key:
        return None
    existing = Case.objects.filter(created_by=actor, idempotency_key=key).first()
    if existing is not None:
        existing.replayed = True
    return existing


def _coordinates(lon: Any, lat: Any) -> tuple[float, float]:
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        raise Invalid(_("The coordinates are not numbers."), "location") from None
    if isinstance(lon, bool) or isinstance(lat, bool):
        raise Invalid(_("The coordinates are not numbers."), "location")
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        raise Invalid(_("The coordinates are out of range."), "location")
    return x, y


def _clean_text(value: Any, limit: int, field: str, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise Invalid(_("Please describe the problem."), field)
    if len(text) > limit:
        raise Invalid(
            _("At most %(n)d characters (this has %(m)d).") % {"n": limit, "m": len(text)}, field
        )
    return text


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
    text = _clean_text(description, DESCRIPTION_MAX, "description")
    address = _clean_text(address, 200, "address", required=False)
    if building is not None:
        x, y = (
            _coordinates(lon, lat)
            if lon is not None and lat is not None
            else (building.lon, building.lat)
        )
        address = address or building.address or building.name
    elif lon is None or lat is None or lon == "" or lat == "":
        raise Invalid(_("Give a location: a point on the map or an address."), "location")
    else:
        x, y = _coordinates(lon, lat)

    caller_name = _clean_text(caller_name, 50, "caller_name", required=False)
    caller_phone = _clean_text(caller_phone, 20, "caller_phone", required=False)
    if channel in HOTLINES and (not caller_phone or not caller_phone.replace("-", "").isdigit()):
        raise Invalid(_("Enter the caller's phone number."), "caller_phone")
    if resolve_on_spot and channel != Channel.PATROL:
        raise Invalid(_("Only a patrol report can be resolved on the spot."), "channel")

    if building is not None and building.grid_id:
        grid = building.grid
        assert grid is not None
        placement = routing.Placement(grid.pk, grid.code, grid.level, False, grid.name)
    else:
        found = routing.place(x, y)
        if found is None:
            raise Invalid(_("This location is outside the areas we serve."), "location")
        placement = found
    if check is not None:
        check(placement)

    if channel in HOTLINES and not may_report_for(actor, placement.area_code):
        raise Forbidden(_("This location is outside your area."))
    if channel == Channel.PATROL and not may_patrol(actor, placement.area_code):
        raise Forbidden(_("This location is outside your area."))

    before = photo_checks.prepare_all(list(photos))
    after = photo_checks.prepare_all(list(after_photos)) if resolve_on_spot else []
    if resolve_on_spot and not after:
        raise Invalid(_("Add a photo after the fix to resolve it on the spot."), "after_photos")

    item = _prepare(
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
        return _writer.submit(item, savepoint=bool(key))
    except IntegrityError:
        # A retry (or two racing ones): the case with this key is stored already.
        existing = _replay(actor, key)
        if existing is None:
            raise
        return existing


@dataclass
class _Intake:
    """A checked report, ready to store: its rows and their values are built before the
    writer's turn (`_writer`); only the new case's key is filled in then."""

    case: Case
    actor: Any
    note: str
    before: list[photo_checks.PreparedPhoto]
    after: list[photo_checks.PreparedPhoto]
    resolve_on_spot: bool
    handle_due: dt.datetime | None
    first: CaseTransition
    entry: AuditEntry
    notices: list[Notification]
    values: tuple[list[Any], list[Any], list[Any]]  # of the case, `first` and `entry`
    then: Callable[[Case], None] | None = None


def _prepare(
    *,
    actor: Any,
    cat: Category,
    text: str,
    channel: str,
    x: float,
    y: float,
    address: str,
    building: Building | None,
    placement: routing.Placement,
    anonymous: bool,
    caller_name: str,
    caller_phone: str,
    key: str,
    before: list[photo_checks.PreparedPhoto],
    after: list[photo_checks.PreparedPhoto],
    resolve_on_spot: bool,
    note: str,
) -> _Intake:
    at = now()
    level = max(int(cat.first_level), int(level_of_area(placement.level)))
    if channel == Channel.PATROL:
        level = Level.GRID if not placement.outside_grid else level
    accept_due = deadline(at, cat.accept_limit, cat.accept_unit)
    resident_channel = channel not in HOTLINES and channel != Channel.PATROL
    case = Case(
        channel=channel,
        category=cat,
        description=text,
        lon=x,
        lat=y,
        address=address,
        building=building,
        area=placement.area(),
        area_code=placement.area_code,
        outside_grid=placement.outside_grid,
        level=level,
        status=Status.REPORTED,
        reported_at=at,
        accept_due=accept_due,
        due_at=accept_due,
        reporter=actor if resident_channel else None,
        created_by=actor,
        caller_name=caller_name,
        caller_phone=caller_phone,
        anonymous=anonymous,
        idempotency_key=key,
    )
    patrol = channel == Channel.PATROL
    first = history(
        case,
        "report",
        actor,
        from_status="",
        at=at,
        note=note if not resolve_on_spot else "",
        save=False,
    )
    changes = {"channel": channel, "category": cat.code, "area": placement.area_code}
    entry = audit.entry(actor, "case.report", case, changes, ip=current_ip())
    desks = [] if patrol else desk_users(case.area_code, case.level)
    return _Intake(
        case=case,
        actor=actor,
        note=note,
        before=before,
        after=after,
        resolve_on_spot=resolve_on_spot,
        handle_due=(
            deadline(at, cat.handle_limit, cat.handle_unit)
            if patrol and not resolve_on_spot
            else None
        ),
        first=first,
        entry=entry,
        notices=notices(desks, _desk_title(), text[:120]) if desks else [],
        values=(params_of(case), params_of(first), params_of(entry)),
    )


def _desk_title() -> str:
    with site_language():
        return _("New case to accept")


def _store(items: list[_Intake]) -> list[Case]:
    """Store checked reports (one, or a group from `_writer`): their cases, first timeline
    entries, photos, audit entries and the desks' notices, a statement per kind of row."""
    keys = insert_params(Case, [it.values[0] for it in items])
    for it, pk in zip(items, keys, strict=True):
        stored_as(it.case, pk)
        it.first.case_id = pk
        it.values[1][_FIRST_CASE] = pk
        it.entry.object_id = it.values[2][_ENTRY_ID] = str(pk)
        it.entry.object_repr = it.values[2][_ENTRY_REPR] = (
            f"{it.case.number} {it.entry.object_repr}"[:200]
        )
        for row in it.notices:
            row.url = case_url(it.case)
    firsts = insert_params(CaseTransition, [it.values[1] for it in items])
    entries = insert_params(AuditEntry, [it.values[2] for it in items])
    for it, first, entry in zip(items, firsts, entries, strict=True):
        stored_as(it.first, first)
        stored_as(it.entry, entry)
    saved: list[CasePhoto] = []
    try:
        for it in items:
            stage = PhotoStage.BEFORE if it.case.channel == Channel.PATROL else PhotoStage.REPORT
            mine: list[CasePhoto] = []
            for group, group_stage in ((it.before, stage), (it.after, PhotoStage.AFTER)):
                for p in group:
                    photo = CasePhoto(
                        case=it.case,
                        stage=group_stage,
                        content_type=p.content_type,
                        size=p.size,
                        gps_lat=p.gps_lat,
                        gps_lon=p.gps_lon,
                        uploaded_by=it.actor,
                    )
                    photo.image.save(p.content.name or "photo.jpg", p.content, save=False)
                    mine.append(photo)
            saved += mine
            # The answer shows the new case without reading it back, where nothing else
            # moved it.
            it.case.intake_rows = None if it.case.channel == Channel.PATROL else ([it.first], mine)
        if saved:
            CasePhoto.objects.bulk_create(saved)
        for it in items:
            _after_report(it)
            if it.then is not None:
                it.then(it.case)
        notify_rows([row for it in items for row in it.notices])
    except Exception:
        for photo in saved:
            photo.image.delete(save=False)
        raise
    return [it.case for it in items]


def _after_report(it: _Intake) -> None:
    """A patrol report is the worker's own task at once; resolved on the spot, it is closed."""
    case, actor, at = it.case, it.actor, it.case.reported_at
    if it.resolve_on_spot:
        move(
            case,
            "resolve_on_spot",
            actor,
            note=it.note,
            changes={
                "owner": actor,
                "handler": actor,
                "accepted_at": at,
                "handled_at": at,
                "closed_at": at,
                "due_at": None,
                "resolved_on_spot": True,
                "closed_level": case.level,
            },
        )
    elif case.channel == Channel.PATROL:
        move(case, "accept", actor, changes={"owner": actor, "accepted_at": at})
        move(
            case,
            "dispatch",
            actor,
            changes={"handler": actor, "handle_due": it.handle_due, "due_at": it.handle_due},
        )


_writer: GroupCommit[_Intake, Case] = GroupCommit(_store)
_FIRST_CASE = column_of(CaseTransition, "case_id")
_ENTRY_ID = column_of(AuditEntry, "object_id")
_ENTRY_REPR = column_of(AuditEntry, "object_repr")


__all__ = [
    "do_report_case",
    "is_desk",
    "require_view",
    "resolve_category",
]
