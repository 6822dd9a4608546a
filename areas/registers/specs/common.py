"""What the register specs share: level names, fixed Chinese labels, scope and error helpers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability
from areas import permissions
from areas.models import (
    LEVEL_LABELS,
    level_names,
)
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row

VIEW = Capability.VIEW_REGISTERS
COMMUNITY = "community"

# Fixed Chinese names, used in exports and accepted on import whatever the UI language.
KIND_ZH = {
    "administrative": "行政",
    "residential": "居住",
    "industrial": "工业",
    "commercial": "商业",
    "special": "专属",
    "mixed": "混合",
}
TAG_ZH = {
    "elderly_alone": "独居老人",
    "low_income": "低保",
    "disabled": "残疾",
    "veteran": "退役军人",
    "left_behind_child": "留守儿童",
    "party_member": "党员",
    "talent": "能人",
}
LEVEL_ZH = {
    "district": "区县",
    "subdistrict": "街道",
    "community": "社区",
    "grid": "网格",
    "microgrid": "微网格",
    "zone": "区",
    "piece": "片",
    "team": "队",
}


def parse_level(value: Any) -> str:
    raw = c.text(value)
    if raw == "":
        return ""
    from django.utils import translation

    for name in level_names():
        if raw.lower() == name or raw == LEVEL_ZH.get(name):
            return name
        label = LEVEL_LABELS.get(name)
        if label is not None:
            for lang in ("zh-hans", "en"):
                with translation.override(lang):
                    if raw.lower() == str(label).lower():
                        return name
    raise c.CellError(
        _("Unknown level “%(value)s”; use one of: %(options)s."),
        value=raw,
        options=[LEVEL_LABELS.get(n, n) for n in level_names()],
    )


def code_column(header: Any) -> Column:
    return Column("code", header, c.code, required=True, aliases=("编码", "code"))


def scoped(user: Any, *paths: str) -> Q:
    """Rows reached through any of `paths` (area-code paths) in the user's view scope."""
    if permissions.sees_everything(user):
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= permissions.scope_q(user, path, VIEW)
    return q


def check_area(
    ctx: Ctx, errors: Errors, row: Row, column: str, area: dict[str, Any] | None
) -> bool:
    """Is the referenced area within the importer's area? Adds the error if not."""
    if area is None:
        return False
    if not ctx.can_edit(area["code"]):
        errors.add(row.number, column, _("%(code)s is outside your area."), code=area["code"])
        return False
    return True


def unknown(errors: Errors, row: Row, column: str, what: Any, code: str) -> None:
    """`what` is a lazy translation (a kind of row), rendered with the message."""
    errors.add(row.number, column, _("Unknown %(what)s code %(code)s."), what=what, code=code)
