"""A valid snap report earns its resident reporter points (issue: 'valid case reports')."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from cases import actions as A
from cases.tests.helpers import report
from points.models import EarningRule, LedgerEntry
from points.selectors import balance_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(world: Any) -> EarningRule:
    return EarningRule.objects.create(
        activity="case_report", points=2, daily_cap=4, valid_from=dt.date(2020, 1, 1)
    )


def test_it_credits_the_reporter_once_when_the_report_is_accepted(world: Any, rule: Any) -> None:
    staff, resident = world.users["community_staff"], world.users["resident"]
    case = report(world)
    assert balance_of(resident) == 0
    A.do_accept_case(case, actor=staff)
    entry = LedgerEntry.objects.get(user=resident)
    assert (entry.kind, entry.amount, entry.activity) == ("credit", 2, "case_report")
    assert (entry.source, entry.source_id, entry.actor) == ("case", str(case.pk), staff)
    assert balance_of(resident) == 2


def test_the_history_names_the_case_number_and_category(world: Any, rule: Any, login: Any) -> None:
    case = report(world)  # S0101 暴露垃圾
    A.do_accept_case(case, actor=world.users["community_staff"])
    subject = f"{case.number} 暴露垃圾"
    assert LedgerEntry.objects.get().subject == subject
    client = login(world.users["resident"])
    for language, expected in (
        ("en", f"Valid case report: {subject}"),
        ("zh-hans", f"有效事件上报：{subject}"),
    ):
        client.cookies["django_language"] = language
        assert expected in client.get(reverse("points:mine")).content.decode()
        [row] = client.get("/api/v1/points/history").json()
        assert (row["subject"], row["label"]) == (subject, expected)


def test_it_credits_nothing_for_a_rejected_report(world: Any, rule: Any) -> None:
    case = report(world)
    A.do_reject_case(case, actor=world.users["community_staff"], reason="重复上报")
    assert not LedgerEntry.objects.exists()


def test_it_keeps_to_the_daily_cap(world: Any, rule: Any) -> None:
    staff, resident = world.users["community_staff"], world.users["resident"]
    for n in range(3):
        A.do_accept_case(report(world, description=f"第{n}处垃圾没人清理"), actor=staff)
    assert balance_of(resident) == 4  # 2 + 2, the third is over the daily cap of 4


def test_it_credits_no_patrol_report_of_a_grid_worker(world: Any, rule: Any) -> None:
    report(world, actor=world.users["grid_worker"], channel="patrol")  # accepted at once
    assert not LedgerEntry.objects.exists()
