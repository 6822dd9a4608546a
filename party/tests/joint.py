"""Helpers of the joint meeting and 两新 tests: a community's joint meeting with a partner
unit (its contact has an account, no role) and a named unit, a meeting and a follow-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from accounts.models import User
from party.joint import actions
from party.models import FollowUp, JointBody, JointMeeting, JointMember
from tests.factories import PASSWORD


@dataclass
class J:
    p: Any
    staff: User  # the east community's office: runs the body
    contact: User  # acts for the power supply unit
    body: JointBody
    unit: JointMember  # the partner unit, with its contact
    school: JointMember  # a named unit without a contact
    meeting: JointMeeting
    follow_up: FollowUp  # owned by `unit`, due 2026-04-30


def joint(p: Any) -> J:
    staff = p.world.users["community_staff"]
    contact = User.objects.create_user(phone="13600000077", password=PASSWORD, name="供电所联络员")
    body = actions.do_create_joint_body(p.world.east, name="东社区党建联席会议", actor=staff)
    unit = actions.do_add_joint_member(body, unit=p.unit, contact=contact, actor=staff)
    school = actions.do_add_joint_member(body, name="东小学", actor=staff)
    meeting = actions.do_record_joint_meeting(
        body,
        held_on=dt.date(2026, 3, 10),
        place="社区党群服务中心",
        agenda="一季度共建项目",
        decisions="供电所排查老旧小区线路",
        attended=[unit],
        actor=staff,
    )
    follow_up = actions.do_add_follow_up(
        meeting,
        text="排查东花园小区线路",
        owner=unit,
        deadline=dt.date(2026, 4, 30),
        actor=staff,
    )
    return J(p, staff, contact, body, unit, school, meeting, follow_up)
