"""What the party registers share: fixed Chinese names, cell parsers, scope and errors."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import Capability
from areas.registers import cells as c
from areas.registers.engine import Errors, Row, Spec
from party import permissions
from party.models import (
    CrossAppointment,
    OrgLevel,
)

LEVEL_ZH = {
    "working_committee": "党工委",
    "extended_committee": "大党委",
    "branch": "党支部",
    "group": "党小组",
    "hub_household": "党员中心户",
}
KIND_ZH = {
    "compound": "小区型",
    "grid": "网格型",
    "extended": "拓展型",
    "entity": "实体型",
    "new_organisation": "两新",
}
IN_SERVICE_WORDS = {
    "在职": True,
    "在岗": True,
    "是": True,
    "in service": True,
    "y": True,
    "yes": True,
    "1": True,
    "退休": False,
    "离退休": False,
    "否": False,
    "retired": False,
    "n": False,
    "no": False,
    "0": False,
    "": False,
}
LEVEL_ORDER = list(OrgLevel.values)
BODY_ZH = {
    "owners_committee": "业委会",
    "property_company": "物业公司",
    "residents_committee": "居委会",
    "partner_unit": "共建单位",
}
Post = tuple[str, str, str]  # body, body name, position
BODY = c.choice(CrossAppointment.Body, BODY_ZH)


def posts(value: Any) -> list[Post]:
    """交叉任职 as “业委会/东花园业委会/主任；物业公司//经理”: body/body name/position."""
    out: list[Post] = []
    for part in (p.strip() for p in re.split(r"[;；\n]+", c.text(value))):
        if not part:
            continue
        bits = [b.strip() for b in re.split(r"[/／]", part)]
        if len(bits) != 3 or not bits[2]:
            raise c.CellError(
                _("Write each post as body/body name/position, e.g. 业委会/东花园业委会/主任.")
            )
        if len(bits[1]) > 100 or len(bits[2]) > 50:
            raise c.CellError(_("A body name has at most 100 characters, a position 50."))
        post = (BODY(bits[0]), bits[1], bits[2])
        if post not in out:
            out.append(post)
    return sorted(out)


def posts_text(items: list[Post]) -> str:
    return "；".join(f"{BODY_ZH.get(b, b)}/{n}/{p}" for b, n, p in sorted(items))


def in_service(value: Any) -> bool:
    raw = c.text(value).lower()
    if raw not in IN_SERVICE_WORDS:
        raise c.CellError(_("Write 在职 or 退休."))
    return IN_SERVICE_WORDS[raw]


def party_scope(user: Any, path: str) -> Q:
    return permissions.scope_q(user, path)


def add_all(errors: Errors, row: Row, found: dict[str, Any], columns: dict[str, str]) -> None:
    """Report the rule errors of `party.rules` against the row's columns."""
    for field, message in found.items():
        errors.add(row.number, columns.get(field, field), message)


def outside(errors: Errors, row: Row, column: str, code: str) -> None:
    errors.add(row.number, column, _("%(code)s is outside your area."), code=code)


class PartySpec(Spec):
    view_capability = Capability.VIEW_PARTY
    edit_capability = Capability.EDIT_PARTY
