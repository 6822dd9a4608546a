"""The venue and room registers: one row per venue (kind, area, address and position, opening
hours, facilities, its managing organisation or partner unit), one row per room."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability
from activities import hours
from activities.models import Room, Venue, VenueKind
from areas.models import Area
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, Spec, by_code
from areas.registers.specs.common import code_column, scoped, unknown
from party.models import PartnerUnit, PartyOrganisation

KIND_ZH = {
    "service_centre": "党群服务中心",
    "station": "驿站",
    "living_room": "党建客厅",
    "shared_room": "共享空间",
    "ground": "共享场地",
}
FACILITIES_MAX = 20


def opening_hours(value: Any) -> list[Any]:
    try:
        return hours.parse(c.text(value))
    except hours.HoursError as exc:
        raise c.CellError(exc.message) from None


def open_flag(value: Any) -> bool:
    """是 or 否; empty is open."""
    return True if c.text(value) == "" else c.boolean(value)


def facilities(value: Any) -> list[str]:
    parts = [p.strip() for p in re.split(r"[,，、;；|\n]+", c.text(value)) if p.strip()]
    if len(parts) > FACILITIES_MAX or any(len(p) > 30 for p in parts):
        raise c.CellError(_("At most 20 facilities of up to 30 characters each."))
    return list(dict.fromkeys(parts))


class VenueRegister(Spec):
    view_capability = Capability.VIEW_REGISTERS
    edit_capability = Capability.MANAGE_VENUES


class VenueSpec(VenueRegister):
    key = "venues"
    label = gettext_lazy("Venues")
    model = Venue
    owner_paths = ("area__code",)
    columns = (
        code_column(pgettext_lazy("register column", "Venue code")),
        Column(
            "name", pgettext_lazy("register column", "Venue name"), c.string(100), required=True
        ),
        Column(
            "kind",
            pgettext_lazy("register column", "Venue kind"),
            c.choice(VenueKind, KIND_ZH),
            required=True,
            help="党群服务中心、驿站、党建客厅、共享空间、共享场地",
        ),
        Column(
            "area_code",
            pgettext_lazy("register column", "Area code"),
            c.code,
            required=True,
            help=gettext_lazy("A community or a grid"),
        ),
        Column("address", pgettext_lazy("register column", "Address"), c.string(200)),
        Column(
            "lon",
            pgettext_lazy("register column", "Longitude"),
            c.decimal(-180, 180),
            required=True,
        ),
        Column(
            "lat", pgettext_lazy("register column", "Latitude"), c.decimal(-90, 90), required=True
        ),
        Column(
            "opening_hours",
            pgettext_lazy("register column", "Opening hours"),
            opening_hours,
            required=True,
            help="一至五 08:30-17:30；六 09:00-12:00",
        ),
        Column(
            "facilities",
            pgettext_lazy("register column", "Facilities"),
            facilities,
            help="投影仪、空调、无障碍通道",
        ),
        Column(
            "organisation_code",
            pgettext_lazy("register column", "Managing organisation code"),
            c.code,
            help=gettext_lazy("A party organisation, or leave empty and name a partner unit"),
        ),
        Column(
            "partner_unit_code",
            pgettext_lazy("register column", "Managing partner unit code"),
            c.code,
            help=gettext_lazy("A partner unit sharing its own rooms (阵地共享)"),
        ),
        Column("active", pgettext_lazy("register column", "Open for booking"), open_flag),
    )
    sources = {
        "name": "name",
        "kind": "kind",
        "area_id": "area_code",
        "address": "address",
        "lon": "lon",
        "lat": "lat",
        "opening_hours": "opening_hours",
        "facilities": "facilities",
        # Set together from whichever of the two columns names the manager (resolve sets
        # both), so they are keyed to a column every file has.
        "organisation_id": "area_code",
        "partner_unit_id": "area_code",
        "active": "active",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        areas = by_code(Area, {r.cells["area_code"] for r in rows}, "id", "level")
        orgs = by_code(
            PartyOrganisation, {r.cells.get("organisation_code", "") for r in rows}, "id"
        )
        units = by_code(PartnerUnit, {r.cells.get("partner_unit_code", "") for r in rows}, "id")
        for r in rows:
            area = areas.get(r.cells["area_code"])
            if area is None or area["level"] in ("district", "subdistrict"):
                unknown(errors, r, "area_code", _("community or grid"), r.cells["area_code"])
                continue
            if not ctx.can_edit(area["code"]):
                errors.add(
                    r.number, "area_code", _("%(code)s is outside your area."), code=area["code"]
                )
                continue
            org_code = r.cells.get("organisation_code", "")
            unit_code = r.cells.get("partner_unit_code", "")
            if bool(org_code) == bool(unit_code):
                errors.add(
                    r.number,
                    "organisation_code",
                    _("Name either the managing organisation or the partner unit."),
                )
                continue
            org = orgs.get(org_code) if org_code else None
            unit = units.get(unit_code) if unit_code else None
            if org_code and org is None:
                unknown(errors, r, "organisation_code", _("organisation"), org_code)
                continue
            if unit_code and unit is None:
                unknown(errors, r, "partner_unit_code", _("partner unit"), unit_code)
                continue
            r.values = {
                "name": r.cells["name"],
                "kind": r.cells["kind"],
                "area_id": area["id"],
                "address": r.cells.get("address", ""),
                "lon": r.cells["lon"],
                "lat": r.cells["lat"],
                "opening_hours": r.cells["opening_hours"],
                "facilities": r.cells.get("facilities", []),
                "organisation_id": org["id"] if org else None,
                "partner_unit_id": unit["id"] if unit else None,
                "active": r.cells.get("active", True),
            }

    def scope(self, user: Any) -> Q:
        return scoped(user, "area__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            Venue.objects.filter(self.scope(user))
            .order_by("code")
            .values_list(
                "code",
                "name",
                "kind",
                "area__code",
                "address",
                "lon",
                "lat",
                "opening_hours",
                "facilities",
                "organisation__code",
                "partner_unit__code",
                "active",
            )
        )

    def export_row(self, row: Any) -> list[Any]:
        code, name, kind, area, address, lon, lat, week, facility, org, unit, active = row
        return [
            code,
            name,
            KIND_ZH.get(kind, kind),
            area,
            address,
            lon,
            lat,
            hours.text(week),
            "、".join(facility or []),
            org or "",
            unit or "",
            "是" if active else "否",
        ]


class RoomSpec(VenueRegister):
    key = "venue_rooms"
    label = gettext_lazy("Venue rooms")
    model = Room
    owner_paths = ("venue__area__code",)
    columns = (
        code_column(pgettext_lazy("register column", "Room code")),
        Column("venue_code", pgettext_lazy("register column", "Venue code"), c.code, required=True),
        Column("name", pgettext_lazy("register column", "Room name"), c.string(100), required=True),
        Column(
            "capacity",
            pgettext_lazy("register column", "Capacity"),
            c.integer(1, 100000),
            required=True,
        ),
        Column("active", pgettext_lazy("register column", "Open for booking"), open_flag),
    )
    sources = {"venue_id": "venue_code", "name": "name", "capacity": "capacity", "active": "active"}

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        venues = by_code(Venue, {r.cells["venue_code"] for r in rows}, "id", "area__code")
        taken = {
            (venue, name): code
            for code, venue, name in Room.objects.filter(
                venue__code__in={r.cells["venue_code"] for r in rows}
            ).values_list("code", "venue__code", "name")
        }
        seen: set[tuple[str, str]] = set()
        for r in rows:
            venue = venues.get(r.cells["venue_code"])
            if venue is None:
                unknown(errors, r, "venue_code", _("venue"), r.cells["venue_code"])
                continue
            if not ctx.can_edit(venue["area__code"]):
                errors.add(
                    r.number, "venue_code", _("%(code)s is outside your area."), code=venue["code"]
                )
                continue
            key = (venue["code"], r.cells["name"])
            if key in seen or taken.get(key, r.code) != r.code:
                errors.add(r.number, "name", _("This venue already has a room of that name."))
                continue
            seen.add(key)
            r.values = {
                "venue_id": venue["id"],
                "name": r.cells["name"],
                "capacity": r.cells["capacity"],
                "active": r.cells.get("active", True),
            }

    def scope(self, user: Any) -> Q:
        return scoped(user, "venue__area__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            Room.objects.filter(self.scope(user))
            .order_by("code")
            .values_list("code", "venue__code", "name", "capacity", "active")
        )

    def export_row(self, row: Any) -> list[Any]:
        code, venue, name, capacity, active = row
        return [code, venue, name, capacity, "是" if active else "否"]
