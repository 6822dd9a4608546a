"""The reporter hears of each step of their case — accepted, passed to a handler, handled,
closed — not only at closing; the notice carries the report's words, never a staff note."""

from __future__ import annotations

from typing import Any

import pytest

from cases import actions as A
from cases.tests.helpers import jpeg, report
from core.models import Notification

pytestmark = pytest.mark.django_db


def _titles(user: Any) -> list[str]:
    return list(
        Notification.objects.filter(user=user).order_by("pk").values_list("title", flat=True)
    )


def test_the_reporter_is_told_at_each_step(world: Any) -> None:
    staff, worker, resident = (
        world.users[k] for k in ("community_staff", "grid_worker", "resident")
    )
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_case(case, to=worker, actor=staff, note="内部：先联系物业")
    A.do_handle_case(case, actor=worker, note="内部：物业已清运", photos=[jpeg()])
    A.do_verify_case(case, passed=True, actor=staff)
    A.do_close_case(case, actor=staff)
    assert _titles(resident) == [
        "您的案件已受理",
        "您的案件已派给处理人员",
        "您的案件已处理，正在核验",
        "您的案件已结案，请评价",
    ]
    bodies = "".join(Notification.objects.filter(user=resident).values_list("body", flat=True))
    assert "内部" not in bodies


def test_dispatching_several_cases_tells_each_reporter_once(world: Any) -> None:
    staff, worker, resident = (
        world.users[k] for k in ("community_staff", "grid_worker", "resident")
    )
    cases = [report(world), report(world, description="路灯不亮了")]
    for c in cases:
        A.do_accept_case(c, actor=staff)
    A.do_dispatch_cases(cases, to=worker, actor=staff)
    assert _titles(resident).count("您的案件已派给处理人员") == 2


def test_a_staff_member_reporting_is_not_told_of_their_own_step(world: Any) -> None:
    staff = world.users["community_staff"]
    case = report(world, actor=staff)
    A.do_accept_case(case, actor=staff)
    assert "您的案件已受理" not in _titles(staff)
