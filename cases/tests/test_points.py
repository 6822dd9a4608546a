"""A valid snap report earns its resident reporter points (issue: 'valid case reports')."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from cases import actions as A
from cases.models import Category
from cases.tests.helpers import report
from points.models import EarningRule, LedgerEntry
from points.selectors import balance_of
from tests.i18n import visible_text

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


def _history(client: Any, language: str) -> tuple[str, list[dict[str, Any]]]:
    client.cookies["django_language"] = language
    page = visible_text(client.get(reverse("points:mine")))
    return page, client.get("/api/v1/points/history").json()


def test_the_history_names_the_case_number_and_category(world: Any, rule: Any, login: Any) -> None:
    """The category is named in the reader's language, whoever accepted the case in which."""
    case = report(world)  # S0101 暴露垃圾
    with translation.override("en"):
        A.do_accept_case(case, actor=world.users["community_staff"])
    entry = LedgerEntry.objects.get()
    # The text kept beside the data is in the site's language.
    assert entry.subject == f"{case.number} 暴露垃圾"
    assert entry.reason == f"有效事件上报：{case.number} 暴露垃圾"
    client = login(world.users["resident"])
    for language, subject, expected in (
        ("en", f"{case.number} Exposed rubbish", "Valid case report: {}"),
        ("zh-hans", f"{case.number} 暴露垃圾", "有效事件上报：{}"),
    ):
        page, [row] = _history(client, language)
        assert expected.format(subject) in page
        assert (row["subject"], row["label"]) == (subject, expected.format(subject))
    page, _rows = _history(client, "en")
    assert "暴露垃圾" not in page


def test_it_names_a_category_without_an_english_name_in_chinese(
    world: Any, rule: Any, login: Any
) -> None:
    Category.objects.filter(code="S0101").update(name_en="")
    case = report(world)
    A.do_accept_case(case, actor=world.users["community_staff"])
    _page, [row] = _history(login(world.users["resident"]), "en")
    assert row["label"] == f"Valid case report: {case.number} 暴露垃圾"


def test_it_still_shows_a_subject_stored_as_text(world: Any, rule: Any, login: Any) -> None:
    case = report(world)
    A.do_accept_case(case, actor=world.users["community_staff"])
    LedgerEntry.objects.update(subject=f"{case.number} 旧类别", subject_data={})
    client = login(world.users["resident"])
    for language, expected in (("en", "Valid case report: {}"), ("zh-hans", "有效事件上报：{}")):
        page, [row] = _history(client, language)
        assert row["subject"] == f"{case.number} 旧类别"
        assert row["label"] == expected.format(f"{case.number} 旧类别")
        assert row["label"] in page


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


# 00:30 in Asia/Shanghai, still the day before in UTC: the case's number carries the local day.
@time_machine.travel(dt.datetime(2026, 12, 6, 16, 30, tzinfo=dt.UTC), tick=False)
def test_a_migration_names_older_case_credits_in_the_readers_language(
    world: Any, rule: Any, login: Any
) -> None:
    import importlib

    from django.apps import apps

    from points.actions import do_award_points

    migration = importlib.import_module("cases.migrations.0009_name_older_points_credits")
    EarningRule.objects.filter(pk=rule.pk).update(daily_cap=None)
    staff, resident = world.users["community_staff"], world.users["resident"]
    unnamed, as_text, renamed = (report(world, description=f"第{n}处垃圾") for n in range(3))
    for case in (unnamed, as_text, renamed):
        A.do_accept_case(case, actor=staff)
    gone = do_award_points(resident, "case_report", source="case", source_id="99999")
    assert gone is not None
    # Credits as stored before: no subject, or the subject as Chinese text only; one whose
    # case has since changed category keeps its text.
    LedgerEntry.objects.update(subject_data={})
    LedgerEntry.objects.filter(source_id=str(unnamed.pk)).update(subject="")
    LedgerEntry.objects.filter(source_id=str(renamed.pk)).update(subject=f"{renamed.number} 乱停车")

    migration.name_credits(apps, None)

    client = login(resident)
    page, rows = _history(client, "en")
    labels = {r["source_id"]: r["label"] for r in rows}
    assert labels == {
        str(unnamed.pk): f"Valid case report: {unnamed.number} Exposed rubbish",
        str(as_text.pk): f"Valid case report: {as_text.number} Exposed rubbish",
        str(renamed.pk): f"Valid case report: {renamed.number} 乱停车",
        "99999": "Valid case report",
    }
    assert "暴露垃圾" not in page
    page, rows = _history(client, "zh-hans")
    labels = {r["source_id"]: r["label"] for r in rows}
    assert labels[str(unnamed.pk)] in page
    assert labels[str(unnamed.pk)] == f"有效事件上报：{unnamed.number} 暴露垃圾"
    assert labels["99999"] == "有效事件上报"
    assert (
        LedgerEntry.objects.get(source_id=str(unnamed.pk)).subject == f"{unnamed.number} 暴露垃圾"
    )
