"""Screening campaigns: launch and spread, the questionnaire, recording at the door, the
"不漏一户" figure, the export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook

from accounts.roles import Role
from core.models import AuditEntry
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from fieldwork import questionnaire
from fieldwork.actions import do_launch_campaign, do_record_household
from fieldwork.campaigns import export, selectors
from fieldwork.models import CampaignHousehold, Outcome

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)
ANSWERS = {"presence": "at_home", "gas_checked": True, "special_group": False, "remarks": "好"}


@pytest.fixture
def campaign(world: Any) -> Any:
    with time_machine.travel(TODAY, tick=False):
        return do_launch_campaign(
            name="燃气安全敲门行动",
            area=world.subdistrict,
            starts_on=dt.date(2026, 11, 1),
            ends_on=dt.date(2026, 11, 30),
            actor=world.users["subdistrict_staff"],
        )


def _row(campaign: Any, household: Any) -> CampaignHousehold:
    return CampaignHousehold.objects.get(campaign=campaign, household=household)


def test_it_spreads_the_households_over_the_grids_posted_workers(world: Any, campaign: Any) -> None:
    second = world.user(Role.GRID_WORKER_PART, world.east_grid, name="东兼职网格员")
    assert campaign.households.count() == 4
    east = [_row(campaign, h) for h in world.east_households]
    assert {r.worker for r in east} == {world.users["grid_worker"]}
    west = [_row(campaign, h) for h in world.west_households]
    assert {r.worker for r in west} == {world.users["outsider"]}
    assert AuditEntry.objects.filter(action="fieldwork.campaign.launch").count() == 1
    # A later campaign takes both of the east grid's workers in turn.
    with time_machine.travel(TODAY, tick=False):
        again = do_launch_campaign(
            name="第二轮",
            area=world.east,
            starts_on=dt.date(2026, 11, 1),
            ends_on=dt.date(2026, 11, 30),
            actor=world.users["community_staff"],
        )
    assert {r.worker for r in again.households.all()} == {world.users["grid_worker"], second}


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_a_bad_launch_and_stores_nothing(world: Any) -> None:
    staff = world.users["community_staff"]
    base = {
        "name": "排查",
        "area": world.east,
        "starts_on": dt.date(2026, 11, 1),
        "ends_on": dt.date(2026, 11, 30),
        "actor": staff,
    }
    for change, field in (
        ({"name": " "}, "name"),
        ({"ends_on": dt.date(2026, 10, 1)}, "ends_on"),
        ({"starts_on": dt.date(2026, 10, 1), "ends_on": dt.date(2026, 11, 5)}, "ends_on"),
        ({"questionnaire_fields": [{"key": "x", "label": "X", "type": "date"}]}, "questionnaire"),
        ({"questionnaire_fields": [{"key": "x", "label": "X", "type": "choice"}]}, "questionnaire"),
        ({"questionnaire_fields": []}, "questionnaire"),
    ):
        with pytest.raises(Invalid) as refused:
            do_launch_campaign(**{**base, **change})
        assert refused.value.field == field, change
    with pytest.raises(NotFound):
        do_launch_campaign(**{**base, "area": world.west})
    with pytest.raises(NotFound):
        do_launch_campaign(**{**base, "actor": world.users["grid_worker"]})
    assert not CampaignHousehold.objects.exists()


def test_it_checks_the_answers_against_the_questionnaire() -> None:
    fields = questionnaire.clean_schema(questionnaire.DEFAULT)
    assert questionnaire.clean_answers(fields, ANSWERS) == ANSWERS
    assert questionnaire.clean_answers(fields, {"presence": "away", "gas_checked": False}) == {
        "presence": "away",
        "gas_checked": False,
    }
    for bad, field in (
        ({"gas_checked": True}, "answers.presence"),
        ({**ANSWERS, "presence": "moon"}, "answers.presence"),
        ({**ANSWERS, "gas_checked": "yes"}, "answers.gas_checked"),
        ({**ANSWERS, "remarks": "x" * 501}, "answers.remarks"),
        ({**ANSWERS, "extra": 1}, "answers.extra"),
    ):
        with pytest.raises(Invalid) as refused:
            questionnaire.clean_answers(fields, bad)
        assert refused.value.field == field


@time_machine.travel(TODAY, tick=False)
def test_it_records_each_outcome_and_counts_the_attempts(world: Any, campaign: Any) -> None:
    worker = world.users["grid_worker"]
    first, second = (_row(campaign, h) for h in world.east_households)
    do_record_household(first, outcome=Outcome.NOT_HOME, actor=worker, note="敲门无人")
    do_record_household(first, outcome=Outcome.NOT_HOME, actor=worker)
    row = do_record_household(first, outcome=Outcome.REACHED, answers=ANSWERS, actor=worker)
    assert row.outcome == Outcome.REACHED and row.attempts == 3 and row.answers == ANSWERS
    do_record_household(second, outcome=Outcome.VACANT, actor=worker)
    assert [
        e.action
        for e in AuditEntry.objects.filter(
            action__startswith="fieldwork.campaign_household"
        ).order_by("pk")
    ] == [
        "fieldwork.campaign_household.away",
        "fieldwork.campaign_household.away",
        "fieldwork.campaign_household.reach",
        "fieldwork.campaign_household.vacant",
    ]
    with pytest.raises(Conflict):  # settled: no second record
        do_record_household(first, outcome=Outcome.REFUSED, actor=worker)


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_a_record_that_is_not_the_workers_to_make(world: Any, campaign: Any) -> None:
    row = _row(campaign, world.east_households[0])
    with pytest.raises(NotFound):
        do_record_household(row, outcome=Outcome.VACANT, actor=world.users["outsider"])
    with pytest.raises(NotFound):
        do_record_household(row, outcome=Outcome.VACANT, actor=world.users["resident"])
    with pytest.raises(Invalid):
        do_record_household(
            row, outcome=Outcome.REACHED, answers={}, actor=world.users["grid_worker"]
        )
    with pytest.raises(Invalid):
        do_record_household(row, outcome="moved", actor=world.users["grid_worker"])
    with pytest.raises(Invalid):
        do_record_household(
            row, outcome=Outcome.VACANT, answers=ANSWERS, actor=world.users["grid_worker"]
        )
    row.refresh_from_db()
    assert row.outcome == Outcome.PENDING and row.revision == 0
    with time_machine.travel(TODAY + dt.timedelta(days=30), tick=False), pytest.raises(Conflict):
        do_record_household(row, outcome=Outcome.VACANT, actor=world.users["grid_worker"])


@time_machine.travel(TODAY, tick=False)
def test_it_tells_the_second_worker_whose_form_is_out_of_date(world: Any, campaign: Any) -> None:
    row = _row(campaign, world.east_households[0])
    staff = world.users["community_staff"]
    do_record_household(row, outcome=Outcome.NOT_HOME, revision=0, actor=staff)
    with pytest.raises(Conflict) as told:
        do_record_household(
            row, outcome=Outcome.NOT_HOME, revision=0, actor=world.users["grid_worker"]
        )
    assert told.value.field == "revision" and staff.name in told.value.message
    assert CampaignHousehold.objects.get(pk=row.pk).attempts == 1


@time_machine.travel(TODAY, tick=False)
def test_it_counts_reached_or_explained_per_grid_and_worker(world: Any, campaign: Any) -> None:
    worker = world.users["grid_worker"]
    a, b = (_row(campaign, h) for h in world.east_households)
    do_record_household(a, outcome=Outcome.REACHED, answers=ANSWERS, actor=worker)
    do_record_household(b, outcome=Outcome.NOT_HOME, actor=worker)
    progress = selectors.progress(campaign, world.users["subdistrict_staff"])
    assert (progress["total"].total, progress["total"].settled) == (4, 1)
    grids = {p.key: p for p in progress["grids"]}
    assert grids[world.east_grid.code].share == 0.5
    assert grids[world.west_grid.code].share == 0.0
    workers = {p.key: p for p in progress["workers"]}
    assert workers[worker.pk].left == 1 and workers[worker.pk].not_home == 1
    assert {r.pk for r in selectors.left(campaign, worker)} == {b.pk}  # only what they see
    assert {r.pk for r in selectors.to_reach(worker)} == {b.pk}


@time_machine.travel(TODAY, tick=False)
def test_it_exports_the_answers_the_reader_sees(world: Any, campaign: Any) -> None:
    worker = world.users["grid_worker"]
    do_record_household(
        _row(campaign, world.east_households[0]),
        outcome=Outcome.REACHED,
        answers=ANSWERS,
        actor=worker,
    )
    book = load_workbook(io.BytesIO(export.workbook(campaign, world.users["community_staff"])))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 3  # header and the east's two households
    assert rows[0][-4:] == ("居住情况", "燃气安全已检查", "特殊人群已核实", "情况说明")
    reached = next(r for r in rows if r[0] == world.east_households[0].code)
    assert reached[-4:] == ("在家", "是", "否", "好")


def test_it_refuses_a_recording_by_a_worker_who_only_sees_the_row(
    world: Any, campaign: Any
) -> None:
    # A building head views registers but does not patrol: no row of the campaign is theirs.
    head = world.user(Role.BUILDING_HEAD, world.east_grid)
    row = _row(campaign, world.east_households[0])
    with time_machine.travel(TODAY, tick=False), pytest.raises((NotFound, Forbidden)):
        do_record_household(row, outcome=Outcome.VACANT, actor=head)
