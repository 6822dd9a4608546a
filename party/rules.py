"""The rules of the organisation tree, shared by the actions and the register import.

Each check returns {field: message} for what is wrong (empty when the row is fine), so an
action can raise it as a ValidationError and an import can report it against a row. Messages
are lazy (or a core.i18n.Deferred with params): an import stores them as msgids and params.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from areas.models import grid_levels
from core.i18n import Deferred
from party.models import ALLOWED_PARENT, BranchKind, OrgLevel

CODE = re.compile(r"[0-9A-Za-z_\-.]{1,40}")
LANDLINE = re.compile(r"0\d{9,11}")
# Partner units sit on the administrative levels that sign agreements.
PARTNER_AREA_LEVELS = ("district", "subdistrict", "community")
# Agreements are signed by committees and branches, not by groups or hub households.
SIGNING_LEVELS = (OrgLevel.WORKING_COMMITTEE, OrgLevel.EXTENDED_COMMITTEE, OrgLevel.BRANCH)


def code_errors(code: str) -> dict[str, Any]:
    if not CODE.fullmatch(code):
        return {"code": _("A code has 1 to 40 letters, digits, '-', '_' or '.'.")}
    return {}


def place_errors(
    *,
    level: str,
    kind: str,
    area_code: str,
    area_level: str,
    parent_level: str | None,
    parent_area_code: str | None,
) -> dict[str, Any]:
    """Where an organisation may sit: its level right below its parent's (党工委 → 大党委 →
    党支部 → 党小组 → 党员中心户), on an area within its parent's area, a branch with a kind
    (a grid branch on a grid: any of the levels below the community), the other levels without one."""
    errors: dict[str, Any] = {}
    if level not in OrgLevel.values:
        return {"level": _("Unknown level.")}
    wanted = ALLOWED_PARENT[OrgLevel(level)]
    if wanted is None and parent_level is not None:
        errors["parent"] = _("A working committee is at the top of the tree.")
    elif wanted is not None and parent_level != wanted:
        errors["parent"] = Deferred(
            _("A %(level)s sits under a %(parent)s."),
            level=OrgLevel(level).label,
            parent=wanted.label,
        )
    elif parent_area_code is not None and not area_code.startswith(parent_area_code):
        errors["area"] = _("The area must lie within the parent organisation's area.")
    if level == OrgLevel.BRANCH:
        if kind not in BranchKind.values:
            errors["kind"] = _("A branch needs a kind.")
        elif kind == BranchKind.GRID and area_level not in grid_levels():
            errors["area"] = _("A grid branch is built on a grid.")
    elif kind:
        errors["kind"] = _("Only a branch has a kind.")
    return errors


def period_errors(starts_on: dt.date | None, ends_on: dt.date | None) -> dict[str, Any]:
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        return {"ends_on": _("An agreement cannot end before it starts.")}
    return {}


def member_errors(
    *,
    in_service: bool,
    home_level: str | None,
    registered_on: dt.date | None,
    joined_on: dt.date | None,
) -> dict[str, Any]:
    """双报到: only an in-service member registers with a home community, and on a date."""
    if home_level is not None:
        if home_level != "community":
            return {"home_community": _("Registration is with a community.")}
        if not in_service:
            return {"home_community": _("Only in-service members register with a home community.")}
        if registered_on is None:
            return {"registered_on": _("Give the date of registration.")}
    elif registered_on is not None:
        return {"home_community": _("Give the community registered with.")}
    if joined_on and registered_on and registered_on < joined_on:
        return {"registered_on": _("Registration cannot precede joining.")}
    return {}
