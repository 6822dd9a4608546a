"""Managers approve overlapping bookings of one room at the same moment: exactly one wins,
the others are told the room is taken, and no two approved bookings of the room overlap.
On PostgreSQL, where the approvals really run side by side; the exclusion constraint refuses
an overlap even written past the actions."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from activities import actions
from activities.models import Booking, BookingEvent, BookingStatus
from tests.race import outcomes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 8


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


def test_it_approves_exactly_one_of_overlapping_bookings_approved_at_once(v) -> None:
    managers = []
    for i in range(N):
        u = User.objects.create_user(phone=f"1360000{i:04d}", password="x", name=f"干部{i}")
        RoleAssignment.objects.create(user=u, role=Role.COMMUNITY_STAFF, area=v.world.east)
        managers.append(u)
    # Each overlaps every other (staggered by a quarter of an hour within 09:00-12:00).
    bookings = []
    for i in range(N):
        asker = User.objects.create_user(phone=f"1350000{i:04d}", password="x", name=f"居民{i}")
        RoleAssignment.objects.create(user=asker, role=Role.RESIDENT, area=v.world.east_grid)
        start = v.at(1, 9, 0) + (v.at(1, 9, 15) - v.at(1, 9, 0)) * i
        bookings.append(
            actions.do_request_booking(
                v.hall,
                starts_at=start,
                ends_at=v.at(1, 12),
                purpose=f"活动{i}",
                head_count=5,
                actor=asker,
            )
        )

    results = outcomes(
        lambda i: actions.do_approve_booking(
            Booking.objects.get(pk=bookings[i].pk), actor=managers[i]
        ),
        N,
    )

    assert results.count("won") == 1, results
    assert results.count("lost:409") == N - 1, results
    assert Booking.objects.filter(status=BookingStatus.APPROVED).count() == 1
    assert BookingEvent.objects.filter(action="approve").count() == 1


def test_the_database_refuses_an_overlap_written_past_the_actions(v) -> None:
    a = v.ask(start=9, end=11)
    b = v.ask(start=10, end=12, actor=v.volunteer)
    actions.do_approve_booking(a, actor=v.user("community_staff"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=b.pk).update(status=BookingStatus.APPROVED)
    # a declined or cancelled one may lie over an approved one
    Booking.objects.filter(pk=b.pk).update(status=BookingStatus.CANCELLED)
