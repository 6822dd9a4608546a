"""Helpers of the commitment tests: a member with an account, residents of the east and west
grids, and a commitment made through the action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.models import User
from areas.models import Resident
from party.commitments import actions
from tests.factories import PASSWORD


def member_user(p: Any) -> User:
    """The east branch's in-service member, with an account (no role: a member, no staff)."""
    user = User.objects.create_user(phone="13600000001", password=PASSWORD, name=p.member.name)
    p.member.user = user
    p.member.save(update_fields=["user"])
    return user


def resident_user(household: Any, phone: str) -> User:
    """An account for the first resident of `household` (no role: only the resident record)."""
    resident = Resident.objects.filter(household=household).order_by("code").first()
    assert resident is not None
    user = User.objects.create_user(phone=phone, password=PASSWORD, name=resident.name)
    user.resident = resident
    user.save(update_fields=["resident"])
    return user


def make(p: Any, **change: Any) -> Any:
    data: dict[str, Any] = {
        "text": "每月为独居老人上门理发一次",
        "area": p.world.east_grid,
        "deadline": dt.date(2026, 6, 30),
        "member": p.member,
        **change,
    }
    org = data.pop("organisation", p.east_branch)
    actor = data.pop("actor", None) or p.member.user
    return actions.do_make_commitment(org, actor=actor, **data)
