"""Helpers of the consultation tests: residents of the world's households with accounts,
a meeting, a topic on its agenda."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from areas.models import Household, Resident
from tests.factories import PASSWORD, World
from volunteering.consultation import actions
from volunteering.consultation.models import ConsultMeeting, Topic


def resident_user(world: World, household: Household, phone: str, name: str) -> User:
    """An account living in `household` (a new resident record of it)."""
    user = User.objects.create_user(phone=phone, password=PASSWORD, name=name)
    assert household.grid is not None
    RoleAssignment.objects.create(user=user, role=Role.RESIDENT, area=household.grid)
    user.resident = Resident.objects.create(
        code=f"{household.code}P{phone[-3:]}",
        household=household,
        name=name,
        gender="M",
        birth_date=dt.date(1980, 1, 1),
        phone=phone,
        id_number=f"330324198001{phone[-6:]}",
    )
    user.save(update_fields=["resident"])
    return user


def meeting(world: World, *, quorum: int = 50, **kw: Any) -> ConsultMeeting:
    kw.setdefault("title", "三月议事会")
    kw.setdefault("held_on", dt.date(2026, 3, 10))
    return actions.do_plan_meeting(
        world.east,
        quorum_percent=quorum,
        participants=["residents", "property"],
        actor=world.users["community_staff"],
        **kw,
    )


def scheduled(world: World, m: ConsultMeeting, vote_mode: str = "open") -> Topic:
    staff = world.users["community_staff"]
    topic = actions.do_raise_topic(world.east, title="加装电梯", actor=staff)
    return actions.do_schedule_topic(topic, m, vote_mode=vote_mode, actor=staff)
