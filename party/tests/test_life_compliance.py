"""Organisational life: the rules per level, the periods they are checked in, and each
obligation's status (held, late, missing, due) around the ends of months, quarters and the
year in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from party.life import selectors
from party.life.models import Frequency, LifeRule, MeetingKind, seed_default_rules
from party.life.periods import period_of, recent
from party.life.selectors import Status
from party.models import OrgLevel
from party.tests.life import at, record

pytestmark = pytest.mark.django_db
D = dt.date


def statuses(org, day=None, n=1):
    return {
        (o.rule.kind, o.period.start): o.status for o in selectors.compliance([org], day=day, n=n)
    }


def test_it_seeds_the_typical_rules_of_a_branch_and_a_group():
    seed_default_rules()
    found = {(r.level, r.kind): r.frequency for r in LifeRule.objects.all()}
    assert found == {
        (OrgLevel.BRANCH, MeetingKind.MEMBERS_MEETING): Frequency.QUARTER,
        (OrgLevel.BRANCH, MeetingKind.COMMITTEE_MEETING): Frequency.MONTH,
        (OrgLevel.BRANCH, MeetingKind.LECTURE): Frequency.QUARTER,
        (OrgLevel.BRANCH, MeetingKind.THEME_DAY): Frequency.MONTH,
        (OrgLevel.GROUP, MeetingKind.GROUP_MEETING): Frequency.MONTH,
    }


def test_it_cuts_months_quarters_half_years_and_years():
    assert period_of(D(2026, 2, 28), Frequency.MONTH).end == D(2026, 2, 28)
    assert period_of(D(2028, 2, 10), Frequency.MONTH).end == D(2028, 2, 29)
    q4 = period_of(D(2026, 12, 31), Frequency.QUARTER)
    assert (q4.start, q4.end) == (D(2026, 10, 1), D(2026, 12, 31))
    assert q4.next().start == D(2027, 1, 1) and q4.next().previous() == q4
    assert period_of(D(2026, 7, 1), Frequency.HALF_YEAR).start == D(2026, 7, 1)
    assert period_of(D(2026, 6, 30), Frequency.YEAR).end == D(2026, 12, 31)
    assert [p.start for p in recent(D(2026, 2, 1), Frequency.MONTH, 3)] == [
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]


def test_it_lists_only_the_active_rules_of_the_organisations_level(p):
    seed_default_rules()
    LifeRule.objects.filter(kind=MeetingKind.LECTURE).update(active=False)
    with time_machine.travel(at("2026-03-10T10:00"), tick=False):
        branch = {o.rule.kind for o in selectors.compliance([p.east_branch])}
        group = {o.rule.kind for o in selectors.compliance([p.east_group])}
        committee = selectors.compliance([p.east])
    assert branch == {
        MeetingKind.MEMBERS_MEETING,
        MeetingKind.COMMITTEE_MEETING,
        MeetingKind.THEME_DAY,
    }
    assert group == {MeetingKind.GROUP_MEETING}
    assert committee == []


def test_it_says_held_due_and_missing(p):
    with time_machine.travel(at("2026-03-20T10:00"), tick=False):
        record(p, held_on=D(2026, 3, 5))
        found = statuses(p.east_branch, n=3)
    assert found[(MeetingKind.THEME_DAY, D(2026, 3, 1))] == Status.HELD
    assert found[(MeetingKind.THEME_DAY, D(2026, 2, 1))] == Status.MISSING
    assert found[(MeetingKind.COMMITTEE_MEETING, D(2026, 3, 1))] == Status.DUE
    assert found[(MeetingKind.MEMBERS_MEETING, D(2026, 1, 1))] == Status.DUE
    assert found[(MeetingKind.MEMBERS_MEETING, D(2025, 10, 1))] == Status.MISSING


def test_it_counts_a_meeting_made_up_after_its_period_as_late(p):
    with time_machine.travel(at("2026-04-02T09:00"), tick=False):
        record(p, held_on=D(2026, 4, 1), counts_for=D(2026, 3, 31))
        record(p, held_on=D(2026, 4, 2), kind=MeetingKind.MEMBERS_MEETING, counts_for=D(2026, 2, 1))
        found = statuses(p.east_branch, n=2)
    assert found[(MeetingKind.THEME_DAY, D(2026, 3, 1))] == Status.LATE
    assert found[(MeetingKind.THEME_DAY, D(2026, 4, 1))] == Status.DUE
    assert found[(MeetingKind.MEMBERS_MEETING, D(2026, 1, 1))] == Status.LATE
    assert found[(MeetingKind.MEMBERS_MEETING, D(2026, 4, 1))] == Status.DUE


def test_it_keeps_a_period_due_until_its_last_minute_in_shanghai(p):
    # 23:50 on 31 December in Shanghai is 15:50 UTC: December and Q4 are still running.
    with time_machine.travel(at("2026-12-31T23:50"), tick=False):
        found = statuses(p.east_branch)
        record(p, held_on=D(2026, 12, 31))
        after = statuses(p.east_branch)
    assert found[(MeetingKind.THEME_DAY, D(2026, 12, 1))] == Status.DUE
    assert found[(MeetingKind.MEMBERS_MEETING, D(2026, 10, 1))] == Status.DUE
    assert after[(MeetingKind.THEME_DAY, D(2026, 12, 1))] == Status.HELD


def test_it_turns_the_year_at_midnight_in_shanghai_not_in_utc(p):
    with time_machine.travel(at("2026-12-31T23:50"), tick=False):
        record(p, held_on=D(2026, 12, 31), kind=MeetingKind.COMMITTEE_MEETING)
    # 00:10 on 1 January in Shanghai is still 31 December in UTC.
    with time_machine.travel(at("2027-01-01T00:10"), tick=False):
        running = statuses(p.east_branch)
        ended = statuses(p.east_branch, day=D(2026, 12, 31))
        record(p, held_on=D(2027, 1, 1), counts_for=D(2026, 12, 31))
        made_up = statuses(p.east_branch, day=D(2026, 12, 31))
    assert running[(MeetingKind.THEME_DAY, D(2027, 1, 1))] == Status.DUE
    assert running[(MeetingKind.MEMBERS_MEETING, D(2027, 1, 1))] == Status.DUE
    assert ended[(MeetingKind.THEME_DAY, D(2026, 12, 1))] == Status.MISSING
    assert ended[(MeetingKind.COMMITTEE_MEETING, D(2026, 12, 1))] == Status.HELD
    assert ended[(MeetingKind.MEMBERS_MEETING, D(2026, 10, 1))] == Status.MISSING
    assert made_up[(MeetingKind.THEME_DAY, D(2026, 12, 1))] == Status.LATE


def test_it_holds_a_quarter_from_its_first_to_its_last_day(p):
    with time_machine.travel(at("2026-06-30T23:59"), tick=False):
        record(p, held_on=D(2026, 4, 1), kind=MeetingKind.LECTURE)
        record(p, held_on=D(2026, 6, 30), kind=MeetingKind.MEMBERS_MEETING)
        found = statuses(p.east_branch)
    with time_machine.travel(at("2026-07-01T00:00"), tick=False):
        july = statuses(p.east_branch, n=2)
    assert found[(MeetingKind.LECTURE, D(2026, 4, 1))] == Status.HELD
    assert found[(MeetingKind.MEMBERS_MEETING, D(2026, 4, 1))] == Status.HELD
    assert july[(MeetingKind.MEMBERS_MEETING, D(2026, 7, 1))] == Status.DUE
    assert july[(MeetingKind.COMMITTEE_MEETING, D(2026, 6, 1))] == Status.MISSING


def test_it_lists_what_is_still_due_now(p):
    with time_machine.travel(at("2026-03-20T10:00"), tick=False):
        record(p, held_on=D(2026, 3, 5))
        due = selectors.due_now([p.east_branch, p.east_group])
    assert {(o.organisation.pk, o.rule.kind) for o in due} == {
        (p.east_branch.pk, MeetingKind.MEMBERS_MEETING),
        (p.east_branch.pk, MeetingKind.COMMITTEE_MEETING),
        (p.east_branch.pk, MeetingKind.LECTURE),
        (p.east_group.pk, MeetingKind.GROUP_MEETING),
    }


def test_it_finds_the_branches_and_groups_below_a_committee(p):
    seed_default_rules()
    assert list(selectors.below(p.east)) == [p.east_branch, p.east_group]
    assert set(selectors.below(p.committee)) == {p.east_branch, p.east_group, p.west_branch}
