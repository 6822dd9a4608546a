"""Readable names for audit actions and changed fields, for the audit log page.

Apps register labels for their action codes (`register`); back-office codes
(`admin.<app>.<model>.<verb>`) and field names are named from the models themselves.
Anything unknown shows as its code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from core.timeutil import shown

_LABELS: dict[str, Any] = {}

ADMIN_VERBS = {
    "create": _("Back office: added %(model)s"),
    "update": _("Back office: changed %(model)s"),
    "delete": _("Back office: deleted %(model)s"),
}


# Entries that name fields rather than change them, e.g. a reveal of personal numbers records
# {"revealed": "phone, id_number"}: the key's label, then the fields' own names.
FIELD_LISTS = {"revealed": _("Shown in full")}


_FIELDS: dict[str, dict[str, Any]] = {}


def register_fields(object_type: str, labels: Mapping[str, Any]) -> None:
    """Name the keys of an object type's entries that are not fields of its model."""
    _FIELDS.setdefault(object_type, {}).update(labels)


_CHOICES: dict[str, dict[str, Mapping[Any, Any]]] = {}


def register_choices(object_type: str, key: str, choices: Mapping[Any, Any]) -> None:
    """Name the values of such a key, e.g. a request's kind on a case's entry."""
    _CHOICES.setdefault(object_type, {})[key] = choices


def register(labels: Mapping[str, Any]) -> None:
    """Name an app's action codes, e.g. {"areas.resident.update": _("Resident record changed")}."""
    _LABELS.update(labels)


def _model(label_lower: str) -> Any:
    app_label, _dot, model_name = label_lower.partition(".")
    try:
        return apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None


def action_choices() -> list[tuple[str, str]]:
    """Every named action as (code, label), by label: the audit log's filter."""
    return sorted(((code, str(label)) for code, label in _LABELS.items()), key=lambda c: c[1])


def action_label(code: str) -> str:
    if code in _LABELS:
        return str(_LABELS[code])
    parts = code.split(".")
    if len(parts) == 4 and parts[0] == "admin" and parts[3] in ADMIN_VERBS:
        model = _model(f"{parts[1]}.{parts[2]}")
        if model is not None:
            return str(ADMIN_VERBS[parts[3]] % {"model": model._meta.verbose_name})
    return code


def field_label(object_type: str, field: str) -> str:
    """The verbose name of `field` on the model `object_type` ("areas.resident"), else `field`."""
    if field in _FIELDS.get(object_type, {}):
        return str(_FIELDS[object_type][field])
    model = _model(object_type) if object_type else None
    if model is None:
        return field
    try:
        return str(model._meta.get_field(field).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return field


def _choices(object_type: str, field: str) -> dict[Any, Any]:
    if field in _CHOICES.get(object_type, {}):
        return {value: str(label) for value, label in _CHOICES[object_type][field].items()}
    model = _model(object_type) if object_type else None
    try:
        choices = model._meta.get_field(field).flatchoices if model is not None else []
    except (FieldDoesNotExist, AttributeError):
        return {}
    return {value: str(label) for value, label in choices}


def _moment(value: Any) -> Any:
    """A stored moment ("2026-12-06 06:42:00+00:00", as `audit.diff` or `isoformat` wrote it)
    in local time, as every page shows times; any other value as it is."""
    if isinstance(value, str) and _MOMENT.match(value):
        moment = parse_datetime(value)
        if moment is not None and moment.tzinfo is not None:
            return shown(moment)
    return value


_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


def change_line(object_type: str, key: str, value: Any) -> tuple[str, str]:
    """One line of an entry's changes as (label, text): old → new under the field's name, a
    choice by its label, a moment in local time, a list of revealed fields by their names."""
    if key in FIELD_LISTS and isinstance(value, str):
        names = [field_label(object_type, f.strip()) for f in value.split(",") if f.strip()]
        return str(FIELD_LISTS[key]), pgettext("list separator", ", ").join(names)
    if isinstance(value, list) and len(value) == 2:
        labels = _choices(object_type, key)
        old, new = (
            "∅" if v in (None, "") else labels.get(v, _moment(v)) if isinstance(v, str | int) else v
            for v in value
        )
        return field_label(object_type, key), f"{old} → {new}"
    if isinstance(value, str):
        value = _choices(object_type, key).get(value, _moment(value))
    return field_label(object_type, key), str(value)
