"""Helpers of the claim tests: a need of the east community, a member who works at the
partner unit, a project."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from party.models import PartyMember
from tests.factories import PASSWORD
from volunteering import actions


def need(v: Any, title: str = "楼道灯坏") -> Any:
    return actions.do_add_need(
        community=v.world.east, title=title, category="repair", households=12, actor=v.staff
    )


def unit_worker(v: Any, phone: str = "13600000021") -> User:
    """A party member (retired, of the east) who works at the partner unit: acts for it."""
    user = User.objects.create_user(phone=phone, password=PASSWORD, name="供电所党员")
    PartyMember.objects.create(
        name=user.name, organisation=v.member.organisation, user=user, workplace=v.unit.name
    )
    return user


def project(v: Any) -> Any:
    n = need(v, "独居老人助餐")
    resource = actions.do_add_resource(
        community=v.world.east,
        title="助餐",
        category="elderly",
        partner_unit=v.unit,
        actor=v.staff,
    )
    return actions.do_match(need=n, resource=resource, actor=v.staff)


def claimed(v: Any, **kw: Any) -> Any:
    data: dict[str, Any] = {"need": need(v), "member": v.member, "plan": "周六来修", **kw}
    actor = data.pop("actor", v.vol2_user)
    return actions.do_claim(actor=actor, **data)
