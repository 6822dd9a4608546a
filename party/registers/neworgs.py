"""The 两新 register: new economic and social organisations by code, their kind, size,
address, area and coverage (their own party organisation, a joint one, or none), checked by
the same rule as the action (`party.neworgs.actions.coverage_errors`)."""

from __future__ import annotations

from types import SimpleNamespace
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
from party.models import PartyOrganisation
from party.neworgs.actions import MAX_EMPLOYEES, coverage_errors
from party.neworgs.models import Coverage, NewOrganisation, NewOrgKind
from party.registers.common import PartySpec, add_all, outside, party_scope

KIND_ZH = {"enterprise": "企业", "social": "社会组织", "individual": "个体工商户", "other": "其他"}
COVERAGE_ZH = {"own": "单独建", "joint": "联合建", "none": "未覆盖"}
AREA_LEVELS = ("subdistrict", "community", "grid")


class NewOrganisationSpec(PartySpec):
    key = "new_organisations"
    label = gettext_lazy("New economic and social organisations")
    model = NewOrganisation
    owner_paths = ("area__code",)
    columns = (
        code_column(pgettext_lazy("register column", "New organisation code")),
        Column("name", pgettext_lazy("register column", "Name"), c.string(100), required=True),
        Column(
            "kind",
            pgettext_lazy("register column", "Kind"),
            c.choice(NewOrgKind, KIND_ZH),
            required=True,
            help=" / ".join(KIND_ZH.values()),
        ),
        Column(
            "employees",
            pgettext_lazy("register column", "Employees"),
            c.integer(0, MAX_EMPLOYEES, 0),
        ),
        Column("address", pgettext_lazy("register column", "Address"), c.string(200)),
        Column(
            "area_code",
            pgettext_lazy("register column", "Area code"),
            c.code,
            required=True,
            help=gettext_lazy("A subdistrict, community or grid"),
        ),
        Column(
            "coverage",
            pgettext_lazy("register column", "Party coverage"),
            c.choice(Coverage, COVERAGE_ZH),
            help=" / ".join(COVERAGE_ZH.values()),
        ),
        Column(
            "party_organisation_code",
            pgettext_lazy("register column", "Covering party organisation code"),
            c.code,
            help=gettext_lazy("Empty when not covered"),
        ),
    )
    sources = {
        "name": "name",
        "kind": "kind",
        "employees": "employees",
        "address": "address",
        "area_id": "area_code",
        "coverage": "coverage",
        "party_organisation_id": "party_organisation_code",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        areas = by_code(Area, {r.cells["area_code"] for r in rows}, "id", "level")
        orgs = by_code(
            PartyOrganisation,
            {r.cells.get("party_organisation_code", "") for r in rows},
            "id",
            "area__code",
        )
        for r in rows:
            area = areas.get(r.cells["area_code"])
            if area is None:
                unknown(errors, r, "area_code", _("area"), r.cells["area_code"])
                continue
            if area["level"] not in AREA_LEVELS:
                errors.add(
                    r.number,
                    "area_code",
                    _("A 两新 organisation lies in a subdistrict, community or grid."),
                )
                continue
            if not ctx.can_edit(area["code"]):
                outside(errors, r, "area_code", area["code"])
                continue
            org_code = r.cells.get("party_organisation_code", "")
            org = orgs.get(org_code) if org_code else None
            if org_code and org is None:
                unknown(errors, r, "party_organisation_code", _("organisation"), org_code)
                continue
            coverage = r.cells.get("coverage") or Coverage.NONE
            found = coverage_errors(
                SimpleNamespace(code=area["code"]),  # type: ignore[arg-type]
                coverage,
                SimpleNamespace(area=SimpleNamespace(code=org["area__code"])) if org else None,  # type: ignore[arg-type]
            )
            if found:
                add_all(errors, r, found, {"party_organisation": "party_organisation_code"})
                continue
            r.values = {
                "name": r.cells["name"],
                "kind": r.cells["kind"],
                "employees": r.cells.get("employees") or 0,
                "address": r.cells.get("address", ""),
                "area_id": area["id"],
                "coverage": coverage,
                "party_organisation_id": org["id"] if org else None,
            }

    def scope(self, user: Any) -> Q:
        return party_scope(user, "area__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            NewOrganisation.objects.filter(self.scope(user))
            .order_by("code")
            .values_list(
                "code",
                "name",
                "kind",
                "employees",
                "address",
                "area__code",
                "coverage",
                "party_organisation__code",
            )
        )

    def export_row(self, row: Any) -> list[Any]:
        code, name, kind, employees, address, area, coverage, org = row
        return [
            code,
            name,
            KIND_ZH.get(kind, kind),
            employees,
            address,
            area,
            COVERAGE_ZH.get(coverage, coverage),
            org or "",
        ]
