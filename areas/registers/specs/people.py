"""The household and resident registers (residents hold masked personal numbers)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas import permissions
from areas.models import (
    Area,
    Building,
    Household,
    Resident,
    ResidentTag,
    grid_levels,
)
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, Spec, by_code
from areas.registers.models import Register
from areas.registers.specs.common import (
    TAG_ZH,
    check_area,
    code_column,
    unknown,
)
from core.masking import mask_id_number, mask_phone


class HouseholdSpec(Spec):
    key = Register.HOUSEHOLDS
    label = Register.HOUSEHOLDS.label
    owner_paths = ("grid__code", "building__community__code")
    model = Household
    columns = (
        code_column(pgettext_lazy("register column", "Household code")),
        Column(
            "building_code",
            pgettext_lazy("register column", "Building code"),
            c.code,
            required=True,
        ),
        Column("grid_code", pgettext_lazy("register column", "Grid code"), c.code),
        Column("entrance", pgettext_lazy("register column", "Entrance"), c.integer(1, 100, 1)),
        Column("floor", pgettext_lazy("register column", "Floor"), c.integer(-10, 200, 1)),
        Column("room", pgettext_lazy("register column", "Room"), c.string(20)),
        Column(
            "address", pgettext_lazy("register column", "Address"), c.string(200), required=True
        ),
    )
    sources = {
        "building_id": "building_code",
        "grid_id": "building_code",
        "entrance": "entrance",
        "floor": "floor",
        "room": "room",
        "address": "address",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        buildings = by_code(
            Building,
            {r.cells["building_code"] for r in rows},
            "id",
            "grid_id",
            "grid__code",
            "community__code",
        )
        grids = by_code(Area, {r.cells.get("grid_code", "") for r in rows}, "id", "level")
        for r in rows:
            building = buildings.get(r.cells["building_code"])
            if building is None:
                unknown(errors, r, "building_code", _("building"), r.cells["building_code"])
                continue
            grid_id, scope_code = building["grid_id"], building["grid__code"]
            if code := r.cells.get("grid_code"):
                grid = grids.get(code)
                if grid is None or grid["level"] not in grid_levels():
                    unknown(errors, r, "grid_code", _("grid"), code)
                    continue
                if not code.startswith(building["community__code"]):
                    errors.add(
                        r.number,
                        "grid_code",
                        _("The grid %(code)s is not in the building's community."),
                        code=code,
                    )
                    continue
                grid_id, scope_code = grid["id"], code
            scope = {"code": scope_code or building["community__code"]}
            column = "grid_code" if r.cells.get("grid_code") else "building_code"
            if not check_area(ctx, errors, r, column, scope):
                continue
            r.values = {
                "building_id": building["id"],
                "grid_id": grid_id,
                "entrance": r.cells.get("entrance", 1),
                "floor": r.cells.get("floor", 1),
                "room": r.cells.get("room", ""),
                "address": r.cells["address"],
            }

    def scope(self, user: Any) -> Q:
        return permissions.households_q(user)

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            Household.objects.filter(self.scope(user))
            .order_by("code")
            .values_list(
                "code", "building__code", "grid__code", "entrance", "floor", "room", "address"
            )
        )

    def export_row(self, row: Any) -> list[Any]:
        return ["" if v is None else v for v in row]


class ResidentSpec(Spec):
    key = Register.RESIDENTS
    label = Register.RESIDENTS.label
    owner_paths = ("household__grid__code", "household__building__community__code")
    model = Resident
    masked = ("phone", "id_number")
    columns = (
        code_column(pgettext_lazy("register column", "Resident code")),
        Column(
            "household_code",
            pgettext_lazy("register column", "Household code"),
            c.code,
            required=True,
        ),
        Column(
            "name",
            pgettext_lazy("register column", "Full name"),
            c.string(50),
            required=True,
            aliases=("姓名",),
        ),
        Column("gender", pgettext_lazy("register column", "Gender"), c.gender, required=True),
        Column("birth_date", pgettext_lazy("register column", "Birth date"), c.date),
        Column("phone", pgettext_lazy("register column", "Phone"), c.phone),
        Column("id_number", pgettext_lazy("register column", "ID number"), c.id_number),
        Column("tags", pgettext_lazy("register column", "Tags"), c.tags(ResidentTag, TAG_ZH)),
        Column("is_head", pgettext_lazy("register column", "Head of household"), c.boolean),
    )
    sources = {
        "household_id": "household_code",
        "name": "name",
        "gender": "gender",
        "birth_date": "birth_date",
        "phone": "phone",
        "id_number": "id_number",
        "tags": "tags",
        "is_head": "is_head",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        households = by_code(
            Household,
            {r.cells["household_code"] for r in rows},
            "id",
            "grid__code",
            "building__community__code",
        )
        for r in rows:
            household = households.get(r.cells["household_code"])
            if household is None:
                unknown(errors, r, "household_code", _("household"), r.cells["household_code"])
                continue
            scope = {"code": household["grid__code"] or household["building__community__code"]}
            if not check_area(ctx, errors, r, "household_code", scope):
                continue
            id_number, birth = r.cells.get("id_number", ""), r.cells.get("birth_date")
            if (
                isinstance(id_number, str)
                and id_number
                and birth
                and id_number[6:14] != birth.strftime("%Y%m%d")
            ):
                errors.add(
                    r.number, "birth_date", _("The birth date differs from the ID number's.")
                )
                continue
            r.values = {
                "household_id": household["id"],
                "name": r.cells["name"],
                "gender": r.cells["gender"],
                "birth_date": birth,
                "phone": r.cells.get("phone", ""),
                "id_number": id_number,
                "tags": r.cells.get("tags", []),
                "is_head": r.cells.get("is_head", False),
            }

    def scope(self, user: Any) -> Q:
        return permissions.residents_q(user)

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            Resident.objects.filter(self.scope(user))
            .order_by("code")
            .values_list(
                "code",
                "household__code",
                "name",
                "gender",
                "birth_date",
                "phone",
                "id_number",
                "tags",
                "is_head",
            )
        )

    def export_row(self, row: Any) -> list[Any]:
        code, household, name, gender, birth, phone, id_number, tags, head = row
        return [
            code,
            household,
            name,
            "男" if gender == "M" else "女" if gender == "F" else gender,
            birth.isoformat() if birth else "",
            mask_phone(phone),
            mask_id_number(id_number),
            "、".join(TAG_ZH.get(x, x) for x in tags or []),
            "是" if head else "否",
        ]
