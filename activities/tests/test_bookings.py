"""Asking for a room and deciding: the slot's rules, who decides, refusals that store nothing,
overlaps never both approved, history, audit and notices."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from activities import actions, permissions
from activities.models import Booking, BookingEvent, BookingStatus
from core.models import AuditEntry, Notification
from core.refusal import Conflict, Forbidden, Invalid, NotFound

pytestmark = pytest.mark.django_db


def test_it_waits_for_the_manager_and_tells_the_managers(v):
    b = v.ask()
    assert b.status == BookingStatus.REQUESTED
    assert list(b.events.values_list("action", flat=True)) == ["ask"]
    told = set(Notification.objects.values_list("user_id", flat=True))
    # the community's staff and the organisation's secretary, not the asker
    assert v.user("community_staff").pk in told and v.secretary.pk in told
    assert v.user("resident").pk not in told
    assert AuditEntry.objects.filter(action="activities.booking.ask").count() == 1


@pytest.mark.parametrize(
    ("day", "start", "end", "field"),
    [
        (6, 9, 11, "starts_at"),  # the centre is closed on Sundays
        (1, 7, 9, "starts_at"),  # opens at 08:30
        (1, 20, 22, "starts_at"),  # closes at 21:00
        (1, 11, 9, "ends_at"),  # ends before it starts
        (-14, 9, 11, "starts_at"),  # in the past
        (120, 9, 11, "starts_at"),  # past the horizon
    ],
)
def test_it_refuses_a_slot_outside_the_rules_and_stores_nothing(v, day, start, end, field):
    with pytest.raises(Invalid) as refused:
        v.ask(day=day, start=start, end=end)
    assert refused.value.field == field
    assert not Booking.objects.exists() and not AuditEntry.objects.exists()


def test_it_refuses_more_people_than_the_room_holds(v):
    with pytest.raises(Invalid) as refused:
        v.ask(v.meeting_room, head_count=11)
    assert refused.value.field == "head_count"
    assert v.ask(v.meeting_room, head_count=10).head_count == 10


def test_it_needs_a_purpose_and_the_name_of_a_team(v):
    with pytest.raises(Invalid) as refused:
        v.ask(purpose="  ")
    assert refused.value.field == "purpose"
    with pytest.raises(Invalid) as refused:
        v.ask(actor=v.volunteer, asker_kind="team")
    assert refused.value.field == "on_behalf_of"
    b = v.ask(actor=v.volunteer, asker_kind="team", on_behalf_of="东社区红帆志愿队")
    assert b.who == "东社区红帆志愿队"


def test_it_lets_only_those_who_may_ask_ask(v):
    with pytest.raises(Forbidden):
        v.ask(actor=v.user("grid_worker"))


def test_the_community_staff_the_secretary_and_the_keeper_decide(v):
    a, b = v.ask(day=1), v.ask(day=2)
    actions.do_approve_booking(a, actor=v.user("community_staff"))
    actions.do_approve_booking(b, actor=v.secretary)
    shared = v.ask(v.shared_room, day=1)
    actions.do_approve_booking(shared, actor=v.keeper)
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.APPROVED}
    # the centre's staff do not manage the west's shared room, nor the keeper the centre
    other = v.ask(v.shared_room, day=3)
    with pytest.raises(NotFound):
        actions.do_approve_booking(other, actor=v.user("community_staff"))
    with pytest.raises(NotFound):
        actions.do_approve_booking(v.ask(day=3), actor=v.keeper)


def test_the_asker_may_not_approve_their_own_booking(v):
    b = v.ask()
    with pytest.raises(Forbidden):
        actions.do_approve_booking(b, actor=v.user("resident"))
    b.refresh_from_db()
    assert b.status == BookingStatus.REQUESTED


def test_it_never_approves_two_overlapping_bookings(v):
    first = v.ask(start=9, end=11)
    second = v.ask(start=10, end=12, actor=v.volunteer)
    touching = v.ask(start=11, end=12, actor=v.volunteer)
    staff = v.user("community_staff")
    actions.do_approve_booking(first, actor=staff)
    with pytest.raises(Conflict):
        actions.do_approve_booking(second, actor=staff)
    actions.do_approve_booking(touching, actor=staff)  # ends meet: no overlap
    second.refresh_from_db()
    assert second.status == BookingStatus.REQUESTED
    # and a new request for a taken slot is refused at once
    with pytest.raises(Conflict):
        v.ask(start=9, end=10)
    # another room of the venue is free
    v.ask(v.meeting_room, start=9, end=10)


def test_it_declines_with_a_reason_and_tells_the_asker(v):
    b = v.ask()
    staff = v.user("community_staff")
    with pytest.raises(Invalid):
        actions.do_decline_booking(b, reason="", actor=staff)
    actions.do_decline_booking(b, reason="当天有上级检查", actor=staff)
    b.refresh_from_db()
    assert (b.status, b.reason, b.decided_by) == (BookingStatus.DECLINED, "当天有上级检查", staff)
    told = Notification.objects.filter(user=v.user("resident")).get()
    assert "当天有上级检查" in told.body
    with pytest.raises(Conflict):
        actions.do_approve_booking(b, actor=staff)


def test_the_asker_cancels_and_a_manager_calls_off_with_a_reason(v):
    own, other = v.ask(day=1), v.ask(day=2)
    actions.do_cancel_booking(own, actor=v.user("resident"))
    staff = v.user("community_staff")
    actions.do_approve_booking(other, actor=staff)
    with pytest.raises(Invalid):
        actions.do_cancel_booking(other, actor=staff)
    actions.do_cancel_booking(other, actor=staff, reason="停电检修")
    assert list(Booking.objects.values_list("status", flat=True)) == [BookingStatus.CANCELLED] * 2
    assert BookingEvent.objects.filter(action="cancel").count() == 2
    with pytest.raises(NotFound):
        actions.do_cancel_booking(v.ask(day=3), actor=v.user("outsider"))


def test_it_refuses_to_decide_or_cancel_a_booking_that_has_started(v):
    b = v.ask(day=1, start=9, end=11)
    with time_machine.travel(v.at(1, 10), tick=False):
        with pytest.raises(Conflict):
            actions.do_approve_booking(b, actor=v.user("community_staff"))
        with pytest.raises(Conflict):
            actions.do_cancel_booking(b, actor=v.user("resident"))


def test_an_event_books_a_room_approved_at_once_for_its_manager(v):
    staff = v.user("community_staff")
    b = actions.do_book_room(
        v.hall,
        starts_at=v.at(2, 14),
        ends_at=v.at(2, 16),
        purpose="邻里节",
        head_count=30,
        actor=staff,
        on_behalf_of="东社区居委会",
    )
    assert b.status == BookingStatus.APPROVED and b.asker_kind == "organisation"
    waits = actions.do_book_room(
        v.shared_room,
        starts_at=v.at(2, 14),
        ends_at=v.at(2, 16),
        purpose="邻里节分会场",
        head_count=20,
        actor=staff,
    )
    assert waits.status == BookingStatus.REQUESTED


def test_it_shows_a_booking_to_its_asker_and_the_managers_only(v):
    b = v.ask()
    for who, sees in (
        (v.user("resident"), True),
        (v.user("community_staff"), True),
        (v.secretary, True),
        (v.user("subdistrict_staff"), True),
        (v.keeper, False),
        (v.user("outsider"), False),
        (v.user("grid_worker"), False),
        (v.volunteer, False),
    ):
        assert permissions.can_view_booking(who, b) is sees, who
        assert permissions.bookings_visible_to(who).filter(pk=b.pk).exists() is sees, who


def test_it_writes_the_history_and_audit_of_each_step(v):
    b = v.ask()
    actions.do_approve_booking(b, actor=v.user("community_staff"), note="请提前十分钟到")
    assert list(b.events.values_list("action", "after")) == [
        ("ask", "requested"),
        ("approve", "approved"),
    ]
    entry = AuditEntry.objects.get(action="activities.booking.approve")
    assert entry.area_code == v.world.east.code


def test_the_slot_follows_shanghai_time(v):
    # 08:30 in Shanghai is 00:30 UTC: inside the hours whatever the server's zone
    start = v.at(1, 8, 30).astimezone(dt.UTC)
    b = actions.do_request_booking(
        v.hall,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        purpose="晨练",
        head_count=5,
        actor=v.user("resident"),
    )
    assert b.pk


def test_it_refuses_a_slot_longer_than_a_day(v):
    with pytest.raises(Invalid) as refused:
        actions.do_request_booking(
            v.hall,
            starts_at=v.at(1, 9),
            ends_at=v.at(3, 9),
            purpose="连续活动",
            head_count=5,
            actor=v.user("resident"),
        )
    assert refused.value.field == "ends_at"
