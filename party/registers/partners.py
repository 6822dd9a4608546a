"""The partner unit and partnership agreement registers."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, by_code
from areas.registers.specs.common import code_column, unknown
from core.masking import mask_phone
from party import rules
from party.models import (
    PartnershipAgreement,
    PartnerUnit,
    PartyOrganisation,
)
from party.registers.common import (
    PartySpec,
    add_all,
    outside,
    party_scope,
)


class PartnerUnitSpec(PartySpec):
    key = "partner_units"
    label = gettext_lazy("Partner units")
    model = PartnerUnit
    masked = ("phone",)
    owner_paths = ("area__code",)
    columns = (
        code_column(pgettext_lazy("register column", "Unit code")),
        Column("name", pgettext_lazy("register column", "Unit name"), c.string(100), required=True),
        Column(
            "area_code",
            pgettext_lazy("register column", "Area code"),
            c.code,
            required=True,
            help=gettext_lazy("A community, subdistrict or district"),
        ),
        Column("contact", pgettext_lazy("register column", "Contact person"), c.string(50)),
        Column("phone", pgettext_lazy("register column", "Phone"), c.phone, help="13812345678"),
    )
    sources = {"name": "name", "area_id": "area_code", "contact": "contact", "phone": "phone"}

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        areas = by_code(Area, {r.cells["area_code"] for r in rows}, "id", "level")
        taken = {
            (area, name): code
            for code, name, area in PartnerUnit.objects.filter(
                name__in={r.cells["name"] for r in rows}
            ).values_list("code", "name", "area__code")
        }
        seen: dict[tuple[str, str], int] = {}
        for r in rows:
            area = areas.get(r.cells["area_code"])
            if area is None:
                unknown(errors, r, "area_code", _("area"), r.cells["area_code"])
                continue
            if area["level"] not in rules.PARTNER_AREA_LEVELS:
                errors.add(
                    r.number, "area_code", _("A partner unit works with a community or above.")
                )
                continue
            if not ctx.can_edit(area["code"]):
                outside(errors, r, "area_code", area["code"])
                continue
            key = (area["code"], r.cells["name"])
            if key in seen or taken.get(key, r.code) != r.code:
                errors.add(
                    r.number, "name", _("This area already has a partner unit of that name.")
                )
                continue
            seen[key] = r.number
            r.values = {
                "name": r.cells["name"],
                "area_id": area["id"],
                "contact": r.cells.get("contact", ""),
                "phone": r.cells.get("phone", ""),
            }

    def scope(self, user: Any) -> Q:
        return party_scope(user, "area__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            PartnerUnit.objects.filter(self.scope(user))
            .order_by("code")
            .values_list("code", "name", "area__code", "contact", "phone")
        )

    def export_row(self, row: Any) -> list[Any]:
        code, name, area, contact, phone = row
        return [code, name, area, contact, mask_phone(phone)]


class AgreementSpec(PartySpec):
    key = "partnership_agreements"
    label = gettext_lazy("Partnership agreements")
    model = PartnershipAgreement
    owner_paths = ("organisation__area__code",)
    columns = (
        code_column(pgettext_lazy("register column", "Agreement code")),
        Column("unit_code", pgettext_lazy("register column", "Unit code"), c.code, required=True),
        Column(
            "organisation_code",
            pgettext_lazy("register column", "Organisation code"),
            c.code,
            required=True,
            help=gettext_lazy("A working committee, extended committee or branch"),
        ),
        Column(
            "starts_on",
            pgettext_lazy("register column", "Starts on"),
            c.date,
            required=True,
            help="2026-01-01",
        ),
        Column(
            "ends_on",
            pgettext_lazy("register column", "Ends on"),
            c.date,
            required=True,
            help="2027-12-31",
        ),
        Column(
            "commitments",
            pgettext_lazy("register column", "Commitments"),
            c.string(2000),
            required=True,
        ),
    )
    sources = {
        "unit_id": "unit_code",
        "organisation_id": "organisation_code",
        "starts_on": "starts_on",
        "ends_on": "ends_on",
        "commitments": "commitments",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        units = by_code(PartnerUnit, {r.cells["unit_code"] for r in rows}, "id", "area__code")
        stored = by_code(PartnershipAgreement, {r.code for r in rows}, "unit__code")
        orgs = by_code(
            PartyOrganisation,
            {r.cells["organisation_code"] for r in rows},
            "id",
            "level",
            "area__code",
        )
        for r in rows:
            unit = units.get(r.cells["unit_code"])
            if unit is None:
                unknown(errors, r, "unit_code", _("partner unit"), r.cells["unit_code"])
                continue
            org = orgs.get(r.cells["organisation_code"])
            if org is None:
                unknown(
                    errors, r, "organisation_code", _("organisation"), r.cells["organisation_code"]
                )
                continue
            if org["level"] not in rules.SIGNING_LEVELS:
                errors.add(
                    r.number,
                    "organisation_code",
                    _("A committee or branch signs a partnership agreement."),
                )
                continue
            found = rules.period_errors(r.cells["starts_on"], r.cells["ends_on"])
            if found:
                add_all(errors, r, found, {})
                continue
            # A unit higher up (a subdistrict's) may partner a community's organisation: the
            # community keeps such an agreement; choosing the unit needs the unit's area.
            kept = stored.get(r.code, {}).get("unit__code") == r.cells["unit_code"]
            if not kept and not ctx.can_edit(unit["area__code"]):
                outside(errors, r, "unit_code", r.cells["unit_code"])
                continue
            if not ctx.can_edit(org["area__code"]):
                outside(errors, r, "organisation_code", r.cells["organisation_code"])
                continue
            r.values = {
                "unit_id": unit["id"],
                "organisation_id": org["id"],
                "starts_on": r.cells["starts_on"],
                "ends_on": r.cells["ends_on"],
                "commitments": r.cells["commitments"],
            }

    def scope(self, user: Any) -> Q:
        return party_scope(user, "organisation__area__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            PartnershipAgreement.objects.filter(self.scope(user))
            .order_by("code")
            .values_list(
                "code", "unit__code", "organisation__code", "starts_on", "ends_on", "commitments"
            )
        )

    def export_row(self, row: Any) -> list[Any]:
        code, unit, org, starts, ends, commitments = row
        return [code, unit, org, starts.isoformat(), ends.isoformat(), commitments]
