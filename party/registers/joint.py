"""The joint meeting member unit register: each unit of a joint meeting by code, the body it
sits on (by code), its name and, for a partner unit, the unit's code. Contacts (accounts) are
named on the body's page, not in a file."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, by_code
from areas.registers.specs.common import code_column, unknown
from party.models import JointBody, JointMember, PartnerUnit
from party.registers.common import PartySpec, outside, party_scope


class JointMemberSpec(PartySpec):
    key = "joint_members"
    label = gettext_lazy("Joint meeting member units")
    model = JointMember
    owner_paths = ("body__area__code",)
    columns = (
        code_column(pgettext_lazy("register column", "Member unit code")),
        Column(
            "body_code",
            pgettext_lazy("register column", "Joint meeting code"),
            c.code,
            required=True,
        ),
        Column("name", pgettext_lazy("register column", "Unit name"), c.string(100)),
        Column(
            "unit_code",
            pgettext_lazy("register column", "Partner unit code"),
            c.code,
            help=gettext_lazy("Empty for a unit named here"),
        ),
    )
    sources = {"body_id": "body_code", "name": "name", "unit_id": "unit_code"}

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        bodies = by_code(JointBody, {r.cells["body_code"] for r in rows}, "id", "area__code")
        units = by_code(PartnerUnit, {r.cells.get("unit_code", "") for r in rows}, "id", "name")
        taken = {
            (body, name): code
            for code, body, name in JointMember.objects.filter(
                body__code__in={r.cells["body_code"] for r in rows}
            ).values_list("code", "body__code", "name")
        }
        seen: set[tuple[str, str]] = set()
        for r in rows:
            body = bodies.get(r.cells["body_code"])
            if body is None:
                unknown(errors, r, "body_code", _("joint meeting"), r.cells["body_code"])
                continue
            if not ctx.can_edit(body["area__code"]):
                outside(errors, r, "body_code", r.cells["body_code"])
                continue
            unit_code = r.cells.get("unit_code", "")
            unit = units.get(unit_code) if unit_code else None
            if unit_code and unit is None:
                unknown(errors, r, "unit_code", _("partner unit"), unit_code)
                continue
            name = r.cells.get("name") or (unit["name"] if unit else "")
            if not name:
                errors.add(r.number, "name", _("Name the unit or choose a partner unit."))
                continue
            key = (body["code"], name)
            if key in seen or taken.get(key, r.code) != r.code:
                errors.add(
                    r.number, "name", _("This joint meeting has a member unit of that name.")
                )
                continue
            seen.add(key)
            r.values = {
                "body_id": body["id"],
                "name": name,
                "unit_id": unit["id"] if unit else None,
            }

    def scope(self, user: Any) -> Q:
        return party_scope(user, "body__area__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            JointMember.objects.filter(self.scope(user))
            .order_by("code")
            .values_list("code", "body__code", "name", "unit__code")
        )

    def export_row(self, row: Any) -> list[Any]:
        code, body, name, unit = row
        return [code, body, name, unit or ""]
