"""The party organisation register: the tree by code, parents possibly in the same file."""

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
from party import rules
from party.models import (
    BranchKind,
    OrgLevel,
    PartyMember,
    PartyOrganisation,
)
from party.registers.common import (
    KIND_ZH,
    LEVEL_ORDER,
    LEVEL_ZH,
    PartySpec,
    add_all,
    outside,
    party_scope,
)


class OrganisationSpec(PartySpec):
    key = "party_organisations"
    label = gettext_lazy("Party organisations")
    model = PartyOrganisation
    owner_paths = ("area__code",)
    columns = (
        code_column(pgettext_lazy("register column", "Organisation code")),
        Column("name", pgettext_lazy("register column", "Name"), c.string(100), required=True),
        Column(
            "level",
            pgettext_lazy("register column", "Organisation level"),
            c.choice(OrgLevel, LEVEL_ZH),
            required=True,
            help=" / ".join(LEVEL_ZH.values()),
        ),
        Column(
            "parent_code",
            pgettext_lazy("register column", "Parent organisation code"),
            c.code,
            help=gettext_lazy("Empty only for a working committee"),
        ),
        Column(
            "kind",
            pgettext_lazy("register column", "Branch kind"),
            c.choice(BranchKind, KIND_ZH),
            help=" / ".join(KIND_ZH.values()) + "（仅党支部）",
        ),
        Column(
            "area_code",
            pgettext_lazy("register column", "Area code"),
            c.code,
            required=True,
            help=gettext_lazy("The area the organisation is built on"),
        ),
        Column(
            "secretary_code",
            pgettext_lazy("register column", "Secretary's member code"),
            c.code,
            help=gettext_lazy("A member of this organisation, imported before"),
        ),
    )
    sources = {
        "name": "name",
        "level": "level",
        "parent_id": "level",
        "kind": "level",
        "area_id": "area_code",
        "secretary_id": "secretary_code",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        in_file = {r.code: r for r in rows}
        areas = by_code(Area, {r.cells["area_code"] for r in rows}, "id", "level")
        codes = {r.code for r in rows} | {r.cells.get("parent_code", "") for r in rows}
        stored = by_code(PartyOrganisation, codes, "level", "area__code", "parent__code")
        secretaries = by_code(
            PartyMember,
            {r.cells.get("secretary_code", "") for r in rows},
            "id",
            "organisation__code",
        )
        columns = {"parent": "parent_code", "area": "area_code"}
        for r in rows:
            area = areas.get(r.cells["area_code"])
            if area is None:
                unknown(errors, r, "area_code", _("area"), r.cells["area_code"])
                continue
            level, kind = r.cells["level"], r.cells.get("kind", "")
            parent_code = r.cells.get("parent_code", "")
            parent_level = parent_area = None
            if parent_code:
                if parent_code in in_file:
                    parent_row = in_file[parent_code]
                    parent_level = parent_row.cells["level"]
                    parent_area = parent_row.cells["area_code"]
                elif parent_code in stored:
                    parent_level = stored[parent_code]["level"]
                    parent_area = stored[parent_code]["area__code"]
                else:
                    unknown(errors, r, "parent_code", _("organisation"), parent_code)
                    continue
            found = rules.place_errors(
                level=level,
                kind=kind,
                area_code=area["code"],
                area_level=area["level"],
                parent_level=parent_level,
                parent_area_code=parent_area,
            )
            if found:
                add_all(errors, r, found, columns)
                continue
            before = stored.get(r.code)
            if before is not None and before["level"] != level:
                errors.add(
                    r.number,
                    "level",
                    _("An organisation keeps its level; set up a new one instead."),
                )
                continue
            if not ctx.can_edit(area["code"]):
                outside(errors, r, "area_code", area["code"])
                continue
            # Setting up under a parent (or moving to one) needs the parent's area; an
            # organisation that stays where it is only needs its own.
            same_parent = before is not None and (before["parent__code"] or "") == parent_code
            if parent_area is not None and not same_parent and not ctx.can_edit(parent_area):
                outside(errors, r, "parent_code", parent_code)
                continue
            secretary = None
            if code := r.cells.get("secretary_code"):
                secretary = secretaries.get(code)
                if secretary is None or secretary["organisation__code"] != r.code:
                    errors.add(
                        r.number,
                        "secretary_code",
                        _("The secretary %(code)s is not a member of this organisation."),
                        code=code,
                    )
                    continue
            r.values = {
                "name": r.cells["name"],
                "level": level,
                "kind": kind,
                "area_id": area["id"],
                "parent_id": None,
                "parent_code": parent_code,
                "secretary_id": secretary["id"] if secretary else None,
            }
        self._check_moved_children(rows, stored, in_file, errors)

    def _check_moved_children(
        self,
        rows: list[Row],
        stored: dict[str, Any],
        in_file: dict[str, Row],
        errors: Errors,
    ) -> None:
        """An organisation that moves to another area keeps the stored ones below within it."""
        moved = {
            r.code: r.cells["area_code"]
            for r in rows
            if r.values
            and r.code in stored
            and stored[r.code]["area__code"] != r.cells["area_code"]
        }
        if not moved:
            return
        children = PartyOrganisation.objects.filter(parent__code__in=list(moved)).values_list(
            "code", "parent__code", "area__code"
        )
        for code, parent, area in children:
            if code in in_file or area.startswith(moved[parent]):
                continue
            row = in_file[parent]
            errors.add(
                row.number,
                "area_code",
                _("%(code)s below would lie outside the new area."),
                code=code,
            )

    def groups(self, rows: list[Row]) -> list[list[Row]]:
        by_level: dict[int, list[Row]] = {}
        for r in rows:
            by_level.setdefault(LEVEL_ORDER.index(r.values["level"]), []).append(r)
        return [by_level[k] for k in sorted(by_level)]

    def before_group(self, rows: list[Row]) -> None:
        parents = {r.values.pop("parent_code", "") for r in rows}
        ids = {o["code"]: o["id"] for o in by_code(PartyOrganisation, parents, "id").values()}
        for r in rows:
            r.values["parent_id"] = ids.get(r.cells.get("parent_code", ""))

    def scope(self, user: Any) -> Q:
        return party_scope(user, "area__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            PartyOrganisation.objects.filter(self.scope(user))
            .order_by("area__code", "code")
            .values_list(
                "code", "name", "level", "parent__code", "kind", "area__code", "secretary__code"
            )
        )

    def export_row(self, row: Any) -> list[Any]:
        code, name, level, parent, kind, area, secretary = row
        return [
            code,
            name,
            LEVEL_ZH.get(level, level),
            parent or "",
            KIND_ZH.get(kind, kind),
            area,
            secretary or "",
        ]
