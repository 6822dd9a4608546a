"""Helpers of the 两新 tests: organisations of the east and west communities, some covered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from party.neworgs import actions


def register(p: Any) -> dict[str, Any]:
    """Four in the east (three covered: two by the east branch, one by its own), one in the
    west (not covered)."""
    staff = p.world.users["community_staff"]
    east = p.world.east
    made = {
        "factory": actions.do_add_new_organisation(
            p.world.east_grid,
            name="瓯北阀门厂",
            kind="enterprise",
            employees=120,
            coverage="own",
            party_organisation=p.east_branch,
            actor=staff,
        ),
        "shop": actions.do_add_new_organisation(
            east,
            name="东街便利店",
            kind="individual",
            employees=4,
            coverage="joint",
            party_organisation=p.east,
            actor=staff,
        ),
        "club": actions.do_add_new_organisation(
            east,
            name="东社区书画协会",
            kind="social",
            employees=8,
            coverage="joint",
            party_organisation=p.east,
            actor=staff,
        ),
        "cafe": actions.do_add_new_organisation(
            east, name="东街咖啡馆", kind="individual", employees=6, actor=staff
        ),
        "west": actions.do_add_new_organisation(
            p.world.west,
            name="西服装厂",
            kind="enterprise",
            employees=60,
            actor=p.world.users["subdistrict_staff"],
        ),
    }
    made["staff"] = staff
    return made


def review(p: Any, org: Any, actor: Any) -> Any:
    r = actions.do_open_review(org, held_on=dt.date(2026, 3, 1), summary="对标六有", actor=actor)
    problem = actions.do_add_review_item(
        r,
        list="problem",
        text="三会一课记录不全",
        owner="厂党支部",
        deadline=dt.date(2026, 4, 30),
        actor=actor,
    )
    actions.do_add_review_item(
        r,
        list="correction",
        text="补齐会议记录并建台账",
        owner="支部书记",
        deadline=dt.date(2026, 4, 30),
        problem=problem,
        actor=actor,
    )
    actions.do_add_review_item(
        r,
        list="responsibility",
        text="组织委员每月检查",
        owner="组织委员",
        deadline=dt.date(2026, 12, 31),
        problem=problem,
        actor=actor,
    )
    return r
