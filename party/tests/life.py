"""Helpers of the organisational-life tests: the default rules, a grid-branch secretary and
a meeting recorded through the action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.roles import Role
from party.life import actions
from party.life.models import MeetingKind, seed_default_rules

SHANGHAI = "+08:00"


def at(moment: str) -> dt.datetime:
    """A local (Asia/Shanghai) moment: "2026-12-31T23:50"."""
    return dt.datetime.fromisoformat(moment + SHANGHAI)


def branch_secretary(p: Any) -> Any:
    """The secretary posted on the east grid (where the east branch and its group are)."""
    return p.world.user(Role.PARTY_SECRETARY, p.world.east_grid, "13700000031", "东支部书记")


def record(p: Any, *, held_on: dt.date, kind: str = MeetingKind.THEME_DAY, **extra: Any) -> Any:
    seed_default_rules()
    data: dict[str, Any] = {
        "kind": kind,
        "held_on": held_on,
        "place": "社区党群服务中心",
        "agenda": "学习党章",
        "present": [p.member.pk],
        "absences": {p.retired.pk: "住院"},
        **extra,
    }
    org = data.pop("organisation", p.east_branch)
    return actions.do_record_meeting(org, actor=data.pop("actor", p.secretary), **data)
