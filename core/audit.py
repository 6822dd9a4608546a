"""Writing audit entries. Actions call `record` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from core.bulk import insert
from core.i18n import stored
from core.middleware import current_ip
from core.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def diff(obj: models.Model, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of `obj` that `new_values` would change, as {field: [old, new]}."""
    out: dict[str, list[Any]] = {}
    for field, new in new_values.items():
        old = getattr(obj, field)
        if old != new:
            out[field] = [_plain(old), _plain(new)]
    return out


def area_code_of(obj: models.Model | None) -> str:
    """The area code an object belongs to: itself if an area, else its grid, area or community
    (directly, or through its household or building)."""
    if obj is None:
        return ""
    if obj._meta.label_lower == "areas.area":
        return str(getattr(obj, "code", ""))
    own = getattr(obj, "area_code", None)
    if isinstance(own, str) and own:
        return own  # kept on the row (cases): no query for its area
    for attr in ("grid", "area", "community", "home_community"):
        area = getattr(obj, attr, None)
        if isinstance(area, models.Model) and area._meta.label_lower == "areas.area":
            return str(area.code)  # type: ignore[attr-defined]
    for attr in ("household", "building", "organisation", "unit", "room", "venue"):
        parent = getattr(obj, attr, None)
        if isinstance(parent, models.Model):
            return area_code_of(parent)
    return ""


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    *,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    area_code: str | None = None,
) -> AuditEntry:
    """Append one audit entry; `actor` may be None for the system. The entry's area is
    `area_code`, or derived from `obj` (see `area_code_of`)."""
    row = entry(
        actor,
        action,
        obj,
        changes,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        area_code=area_code,
    )
    insert(row)
    return row


def entry(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    *,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    area_code: str | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """The entry `record` stores, unsaved (for writers that store many at once). `ip` is the
    request's address, taken from this thread's request unless given."""
    if area_code is None:
        area_code = area_code_of(obj)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or stored(obj)[:200]  # read later by anyone: site language
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        changes={
            k: _plain(v) if not isinstance(v, list) else v for k, v in (changes or {}).items()
        },
        ip=current_ip() if ip is None else ip,
        area_code=area_code,
    )
