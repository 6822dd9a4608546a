"""Writes to the registers. Each checks access, locks the row, saves the changed fields
and writes an audit entry (who, what, old → new) in the same transaction."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.roles import Capability
from areas import permissions
from areas.location import clean_point
from areas.models import Building, Household, Resident, ResidentTag
from areas.selectors import building_area_code, household_area_code
from core import audit
from core.masking import mask_id_number, mask_phone
from core.refusal import Invalid, NotFound

M = TypeVar("M", bound=models.Model)

BUILDING_FIELDS = ("name", "address", "floors", "entrances", "households", "lon", "lat")
HOUSEHOLD_FIELDS = ("entrance", "floor", "room", "address")
RESIDENT_FIELDS = ("name", "gender", "birth_date", "phone", "id_number", "tags", "is_head")
PERSONAL_FIELDS = {"phone": mask_phone, "id_number": mask_id_number}


def _update(
    obj: M, values: dict[str, Any], allowed: tuple[str, ...], action: str, actor: Any
) -> dict[str, list[Any]]:
    unknown = set(values) - set(allowed)
    if unknown:
        raise Invalid(
            _("Fields that cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    changes = audit.diff(locked, values)
    if not changes:
        return {}
    for field in changes:
        setattr(locked, field, values[field])
        setattr(obj, field, values[field])
    try:
        locked.full_clean(exclude=[f.name for f in obj._meta.fields if f.name not in changes])
    except ValidationError as exc:
        raise Invalid.on_fields(exc.message_dict) from None
    locked.save(update_fields=list(changes))
    # Personal numbers never enter the log in full.
    logged = {
        f: [PERSONAL_FIELDS[f](old), PERSONAL_FIELDS[f](new)]
        if f in PERSONAL_FIELDS
        else [old, new]
        for f, (old, new) in changes.items()
    }
    audit.record(actor, action, locked, logged)
    return changes


def _check(actor: Any, area_code: str) -> None:
    if not permissions.may(actor, Capability.EDIT_REGISTERS, area_code):
        raise NotFound(_("Not found."))


@transaction.atomic
def do_update_building(building: Building, values: dict[str, Any], *, actor: Any) -> dict:
    """Change a building's descriptive fields; its code, grid and community stay. Its point
    is checked as every point a user gives (`areas.location`)."""
    _check(actor, building_area_code(building))
    lon, lat = values.get("lon", building.lon), values.get("lat", building.lat)
    moved = (lon, lat) != (building.lon, building.lat)
    if moved and lon is not None and lat is not None:
        clean_point(lon, lat, field="lon")
    return _update(building, values, BUILDING_FIELDS, "areas.building.update", actor)


@transaction.atomic
def do_update_household(household: Household, values: dict[str, Any], *, actor: Any) -> dict:
    """Change a household's address and position in its building."""
    _check(actor, household_area_code(household))
    return _update(household, values, HOUSEHOLD_FIELDS, "areas.household.update", actor)


@transaction.atomic
def do_update_resident(resident: Resident, values: dict[str, Any], *, actor: Any) -> dict:
    """Change a resident's record; tags must be known ResidentTag values."""
    _check(actor, household_area_code(resident.household))
    tags = values.get("tags")
    if tags is not None:
        bad = [t for t in tags if t not in ResidentTag.values]
        if bad:
            raise Invalid(_("Unknown tags: %(tags)s") % {"tags": ", ".join(bad)}, "tags")
        values = {**values, "tags": [t for t in ResidentTag.values if t in tags]}
    return _update(resident, values, RESIDENT_FIELDS, "areas.resident.update", actor)


@transaction.atomic
def do_reveal_personal(resident: Resident, *, actor: Any) -> dict[str, str]:
    """Show a resident's full phone and ID number to a role with `reveal_personal` on the
    resident's area; every reveal is an audit entry."""
    if not permissions.may(
        actor, Capability.REVEAL_PERSONAL, household_area_code(resident.household)
    ):
        raise NotFound(_("No such resident."))
    audit.record(
        actor,
        "areas.resident.reveal_personal",
        resident,
        {"revealed": "phone, id_number"},
    )
    return {"phone": resident.phone, "id_number": resident.id_number}
