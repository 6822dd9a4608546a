"""Recording and correcting meetings: who may, what is refused (and then nothing is
stored), who was due and who attended, and the audit entries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.models import AuditEntry
from core.refusal import Invalid, NotFound
from party import permissions
from party.life import actions
from party.life.models import Attendance, Meeting, MeetingKind
from party.models import PartyMember
from party.tests.life import at, branch_secretary, record

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at("2026-03-20T10:00"), tick=False):
        yield


def test_it_records_a_meeting_with_who_was_due_and_who_attended(p):
    meeting = record(p, held_on=D(2026, 3, 18), minutes="讨论了", decisions="开展志愿服务")
    assert meeting.counts_for == D(2026, 3, 18)
    rows = {a.member_id: (a.present, a.reason) for a in meeting.attendance.all()}
    assert rows == {p.member.pk: (True, ""), p.retired.pk: (False, "住院")}
    entry = AuditEntry.objects.get(action="party.meeting.record")
    assert entry.area_code == p.world.east_grid.code
    assert entry.changes["attendance"] == [None, "1/2"]


def test_it_counts_the_members_of_the_groups_below_as_due(p):
    grouped = PartyMember.objects.create(code="M9", name="小组党员", organisation=p.east_group)
    meeting = record(p, held_on=D(2026, 3, 18), absences={})
    absent = {a.member_id: a.reason for a in meeting.attendance.filter(present=False)}
    assert absent == {p.retired.pk: "", grouped.pk: ""}


def test_it_takes_a_committee_meetings_attendance_from_those_named(p):
    meeting = record(p, held_on=D(2026, 3, 18), kind=MeetingKind.COMMITTEE_MEETING, absences={})
    assert list(meeting.attendance.values_list("member_id", "present")) == [(p.member.pk, True)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": MeetingKind.GROUP_MEETING}, "kind"),
        ({"held_on": D(2026, 3, 21)}, "held_on"),
        ({"counts_for": D(2026, 4, 1)}, "counts_for"),
        ({"place": "  "}, "place"),
        ({"agenda": ""}, "agenda"),
        ({"present": []}, "present"),
        ({"present": [999_999]}, "present"),
        ({"absences": {999_999: "出差"}}, "absences"),
    ],
)
def test_it_refuses_a_bad_record_and_stores_nothing(p, change, field):
    with pytest.raises(Invalid) as refused:
        record(p, **{"held_on": D(2026, 3, 18), **change})
    assert refused.value.field == field
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="party.meeting").exists()


def test_it_refuses_a_west_member_at_an_east_meeting(p):
    with pytest.raises(Invalid):
        record(p, held_on=D(2026, 3, 18), present=[p.member.pk, p.west_member.pk])
    assert not Meeting.objects.exists()


def test_it_lets_the_secretaries_and_offices_of_the_area_record(p):
    assert record(p, held_on=D(2026, 3, 1), actor=branch_secretary(p))
    for who in ("community_staff", "subdistrict_staff", "admin"):
        assert record(p, held_on=D(2026, 3, 2), actor=p.world.users[who])
    assert Meeting.objects.count() == 4


@pytest.mark.parametrize("who", ["grid_worker", "resident", "outsider"])
def test_it_hides_the_organisation_from_those_who_may_not_record(p, who):
    with pytest.raises(NotFound):
        record(p, held_on=D(2026, 3, 1), actor=p.world.users[who])
    assert not Meeting.objects.exists()


def test_it_keeps_a_grid_secretary_out_of_another_grids_branch(p):
    secretary = branch_secretary(p)
    assert permissions.may_record_meeting(secretary, p.east_branch)
    assert not permissions.may_record_meeting(secretary, p.west_branch)
    assert not permissions.may_record_meeting(secretary, p.east)  # the committee above
    with pytest.raises(NotFound):
        record(p, held_on=D(2026, 3, 1), actor=secretary, organisation=p.west_branch)


def test_it_corrects_a_record_and_audits_what_changed(p):
    meeting = record(p, held_on=D(2026, 3, 18))
    actions.do_edit_meeting(
        meeting,
        kind=MeetingKind.THEME_DAY,
        held_on=D(2026, 3, 18),
        place="小区广场",
        agenda="学习党章",
        present=[p.member.pk, p.retired.pk],
        actor=p.secretary,
    )
    meeting.refresh_from_db()
    assert meeting.place == "小区广场"
    assert meeting.attendance.filter(present=True).count() == 2
    entry = AuditEntry.objects.get(action="party.meeting.edit")
    assert entry.changes["place"] == ["社区党群服务中心", "小区广场"]
    assert entry.changes["attendance"] == ["1/2", "2/2"]


def test_it_refuses_a_bad_correction_and_keeps_the_record(p):
    meeting = record(p, held_on=D(2026, 3, 18))
    with pytest.raises(Invalid):
        actions.do_edit_meeting(
            meeting,
            kind=MeetingKind.THEME_DAY,
            held_on=D(2026, 3, 18),
            place="小区广场",
            agenda="",
            present=[p.member.pk],
            actor=p.secretary,
        )
    meeting.refresh_from_db()
    assert meeting.place == "社区党群服务中心"
    assert meeting.attendance.count() == 2
    assert not AuditEntry.objects.filter(action="party.meeting.edit").exists()


def test_it_shows_meetings_where_their_organisation_is_seen(p):
    meeting = record(p, held_on=D(2026, 3, 18))
    assert permissions.can_view_meeting(p.secretary, meeting)
    assert meeting in permissions.meetings_visible_to(p.world.users["subdistrict_staff"])
    assert meeting not in permissions.meetings_visible_to(p.world.users["grid_worker"])
    west = p.world.user("party_secretary", p.world.west, "13700000041")
    assert not permissions.can_view_meeting(west, meeting)
