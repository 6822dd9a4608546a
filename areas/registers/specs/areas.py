"""The area tree register: codes, levels and parents, which may come in the same file."""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import (
    Area,
    AreaKind,
    level_digits,
    level_names,
)
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, Spec, by_code
from areas.registers.models import Register
from areas.registers.specs.common import (
    KIND_ZH,
    LEVEL_LABELS,
    LEVEL_ZH,
    code_column,
    parse_level,
    scoped,
)


class AreaSpec(Spec):
    key = Register.AREAS
    label = Register.AREAS.label
    model = Area
    columns = (
        code_column(pgettext_lazy("register column", "Area code")),
        Column("name", pgettext_lazy("register column", "Name"), c.string(100), required=True),
        Column("level", pgettext_lazy("register column", "Level"), parse_level, required=True),
        Column("parent_code", pgettext_lazy("register column", "Parent code"), c.code),
        Column("kind", pgettext_lazy("register column", "Kind"), c.choice(AreaKind, KIND_ZH)),
        Column(
            "boundary",
            pgettext_lazy("register column", "Boundary (GeoJSON)"),
            c.geojson,
            aliases=("geometry",),
        ),
    )
    geometry_column = "boundary"
    sources = {
        "name": "name",
        "level": "level",
        "parent_id": "level",
        "kind": "kind",
        "boundary": "boundary",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        levels = level_names()
        in_file = {r.code: r for r in rows}
        parents = {r.cells.get("parent_code") or "" for r in rows}
        for r in rows:
            level = r.cells["level"]
            depth = levels.index(level)
            width = sum(level_digits(n) for n in levels[: depth + 1])
            if not r.code.isdigit() or len(r.code) != width:
                errors.add(
                    r.number,
                    "code",
                    _("A %(level)s code has %(n)d digits."),
                    level=LEVEL_LABELS.get(level, level),
                    n=width,
                )
                continue
            parents.add(r.code[: width - level_digits(level)])
        stored = by_code(Area, parents, "level")
        for r in rows:
            if r.number in errors.rows:
                continue
            level = r.cells["level"]
            depth = levels.index(level)
            given = r.cells.get("parent_code") or ""
            r.values = {
                "name": r.cells.get("name", ""),
                "level": level,
                "kind": r.cells.get("kind") or AreaKind.ADMINISTRATIVE,
                "boundary": r.cells.get("boundary"),
                "parent_id": None,
            }
            if depth == 0:
                if given:
                    errors.add(r.number, "parent_code", _("The top level has no parent."))
                elif not ctx.can_edit(r.code):
                    errors.add(r.number, "code", _("Only an administrator adds a top-level area."))
                continue
            expected = r.code[: len(r.code) - level_digits(level)]
            parent_code = given or expected
            if parent_code != expected:
                errors.add(
                    r.number,
                    "parent_code",
                    _("The code must start with the parent's code %(code)s."),
                    code=parent_code,
                )
                continue
            parent_level = (
                in_file[parent_code].cells["level"]
                if parent_code in in_file
                else stored.get(parent_code, {}).get("level")
            )
            if parent_level is None:
                errors.add(
                    r.number,
                    "parent_code",
                    _("Unknown parent code %(code)s."),
                    code=parent_code,
                )
            elif parent_level != levels[depth - 1]:
                errors.add(
                    r.number,
                    "level",
                    _("A %(level)s must sit under a %(parent)s."),
                    level=LEVEL_LABELS.get(level, level),
                    parent=LEVEL_LABELS.get(levels[depth - 1], levels[depth - 1]),
                )
            elif not ctx.can_edit(r.code):
                errors.add(
                    r.number,
                    "parent_code",
                    _("%(code)s is outside your area."),
                    code=parent_code,
                )
            else:
                r.values["parent_code"] = parent_code

    def groups(self, rows: list[Row]) -> list[list[Row]]:
        by_depth: dict[int, list[Row]] = {}
        for r in rows:
            by_depth.setdefault(len(r.code), []).append(r)
        return [by_depth[k] for k in sorted(by_depth)]

    def before_group(self, rows: list[Row]) -> None:
        ids = {
            a["code"]: a["id"]
            for a in by_code(Area, {r.values.pop("parent_code", "") for r in rows}, "id").values()
        }
        for r in rows:
            parent = r.code[: len(r.code) - level_digits(r.values["level"])]
            r.values["parent_id"] = ids.get(parent)

    def scope(self, user: Any) -> Q:
        return scoped(user, "code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            Area.objects.filter(self.scope(user))
            .order_by("code")
            .values("code", "name", "level", "parent__code", "kind", "boundary")
        )

    def export_row(self, row: dict[str, Any]) -> list[Any]:
        return [
            row["code"],
            row["name"],
            LEVEL_ZH.get(row["level"], row["level"]),
            row["parent__code"] or "",
            KIND_ZH.get(row["kind"], row["kind"]),
            json.dumps(row["boundary"], ensure_ascii=False) if row["boundary"] else "",
        ]
