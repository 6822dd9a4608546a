"""Joint meetings: setting up, members, meetings, follow-ups kept by their owner unit; the
refusals; who sees what; the home page's lines."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.models import AuditEntry
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from party import permissions
from party.joint import actions, selectors
from party.models import ItemStatus
from party.tests.joint import joint

pytestmark = pytest.mark.django_db
APRIL = dt.datetime(2026, 4, 20, 2, tzinfo=dt.UTC)
MAY = dt.datetime(2026, 5, 3, 2, tzinfo=dt.UTC)


@time_machine.travel(APRIL)
def test_it_records_a_meeting_with_attendance_and_a_follow_up(p):
    j = joint(p)
    assert list(j.meeting.attended.all()) == [j.unit]
    assert j.follow_up.status == ItemStatus.OPEN
    assert j.unit.name == p.unit.name  # a partner unit's name by default
    names = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"party.joint.create", "party.joint.meeting", "party.joint.follow_up"} <= names
    entry = AuditEntry.objects.get(action="party.joint.follow_up")
    assert entry.area_code == p.world.east.code


@time_machine.travel(APRIL)
def test_it_refuses_bad_input_and_changes_nothing(p):
    j = joint(p)
    staff = j.staff
    with pytest.raises(Invalid) as e:
        actions.do_create_joint_body(p.world.east_grid, name="网格联席会", actor=staff)
    assert e.value.field == "area"
    with pytest.raises(Invalid):
        actions.do_record_joint_meeting(
            j.body, held_on=dt.date(2026, 5, 1), agenda="未来", actor=staff
        )
    with pytest.raises(Invalid) as e:
        actions.do_add_follow_up(
            j.meeting, text="x", owner=j.unit, deadline=dt.date(2026, 3, 1), actor=staff
        )
    assert e.value.field == "deadline"
    with pytest.raises(Invalid) as e:
        actions.do_add_joint_member(j.body, name=j.unit.name, actor=staff)
    assert e.value.field == "name"
    other = actions.do_create_joint_body(
        p.world.subdistrict, name="街道联席会议", actor=p.world.users["subdistrict_staff"]
    )
    stranger = actions.do_add_joint_member(
        other, name="街道城管中队", actor=p.world.users["subdistrict_staff"]
    )
    with pytest.raises(Invalid):
        actions.do_add_follow_up(
            j.meeting, text="x", owner=stranger, deadline=dt.date(2026, 5, 1), actor=staff
        )
    assert j.meeting.follow_ups.count() == 1


@time_machine.travel(APRIL)
def test_it_lets_the_owner_units_contact_finish_a_follow_up_once(p):
    j = joint(p)
    actions.do_move_follow_up(j.follow_up, "start", actor=j.contact)
    done = actions.do_move_follow_up(j.follow_up, "done", note="已排查12栋", actor=j.contact)
    assert done.status == ItemStatus.DONE
    assert done.done_on == dt.date(2026, 4, 20)
    assert done.note == "已排查12栋"
    with pytest.raises(Conflict):
        actions.do_move_follow_up(j.follow_up, "done", actor=j.contact)
    assert AuditEntry.objects.filter(action="party.joint.follow_up.done").count() == 1


@time_machine.travel(APRIL)
def test_it_refuses_others_a_follow_up(p):
    j = joint(p)
    outsider = p.world.users["outsider"]
    with pytest.raises(NotFound):
        actions.do_move_follow_up(j.follow_up, "done", actor=outsider)
    # A school's follow-up: the power supply unit's contact sees it, may not finish it.
    f = actions.do_add_follow_up(
        j.meeting, text="开放操场", owner=j.school, deadline=dt.date(2026, 5, 1), actor=j.staff
    )
    with pytest.raises(Forbidden):
        actions.do_move_follow_up(f, "done", actor=j.contact)
    actions.do_move_follow_up(f, "done", actor=j.staff)  # the office runs the body


@time_machine.travel(APRIL)
def test_it_shows_a_body_where_its_area_is_and_to_its_units_contacts(p):
    j = joint(p)
    for who, sees in (
        ("community_staff", True),
        ("subdistrict_staff", True),
        ("secretary", True),
        ("outsider", False),
        ("resident", False),
    ):
        user = p.user(who)
        assert (j.body in permissions.joint_bodies_visible_to(user)) is sees, who
        assert permissions.can_view_joint_body(user, j.body) is sees, who
    assert list(permissions.joint_bodies_visible_to(j.contact)) == [j.body]
    assert permissions.can_view_joint_body(j.contact, j.body)


@time_machine.travel(APRIL)
def test_it_lists_yearly_tasks_and_their_contact_finishes_one(p):
    j = joint(p)
    task = actions.do_add_unit_task(j.unit, year=2026, text="每季度走访一次", actor=j.staff)
    with pytest.raises(Invalid):
        actions.do_add_unit_task(j.unit, year=2030, text="远期", actor=j.staff)
    with pytest.raises(Forbidden):
        actions.do_add_unit_task(j.unit, year=2026, text="自己加", actor=j.contact)
    actions.do_move_task(task, "done", actor=j.contact)
    task.refresh_from_db()
    assert task.status == ItemStatus.DONE


def test_it_counts_the_home_lines_from_the_list(p):
    with time_machine.travel(APRIL):
        j = joint(p)
        lines = {line.key: line for line in selectors.home_lines(j.contact)}
        assert lines["joint.follow_ups_due"].count == 1
        assert lines["joint.follow_ups_overdue"].count == 0
    with time_machine.travel(MAY):
        lines = {line.key: line for line in selectors.home_lines(j.contact)}
        overdue = lines["joint.follow_ups_overdue"]
        assert overdue.count == 1 == selectors.open_kept(j.contact, "overdue").count()
        assert overdue.urgent
        staff_lines = {line.key: line for line in selectors.home_lines(j.staff)}
        assert staff_lines["joint.follow_ups_overdue"].count == 1
        assert selectors.home_lines(p.world.users["outsider"])[0].count == 0
