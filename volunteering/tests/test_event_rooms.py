"""Community events held at a venue's room (阵地): the event books the room, follows its moves
and its cancelling; a taken slot refuses the event and nothing is saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from accounts.roles import Role
from activities import actions as rooms
from activities.models import Booking, BookingStatus, Room, Venue, VenueKind
from core import timeutil
from core.refusal import Conflict, Invalid
from party.models import OrgLevel, PartyOrganisation
from tests.factories import World
from volunteering import actions
from volunteering.models import CommunityEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(world: World) -> Room:
    org = PartyOrganisation.objects.create(
        code="E1", name="东社区大党委", level=OrgLevel.EXTENDED_COMMITTEE, area=world.east
    )
    centre = Venue.objects.create(
        code="VE1",
        name="东社区党群服务中心",
        kind=VenueKind.SERVICE_CENTRE,
        area=world.east,
        lon=120.62,
        lat=28.01,
        opening_hours=[["08:30", "21:00"]] * 7,
        organisation=org,
    )
    Room.objects.create(code="VE1R2", venue=centre, name="议事室", capacity=10)
    return Room.objects.create(code="VE1R1", venue=centre, name="多功能厅", capacity=30)


def at(day: int, hour: int) -> dt.datetime:
    """A moment of next week (day 0 its Monday), Asia/Shanghai: always ahead, within 90 days."""
    today = timeutil.today()
    monday = today + dt.timedelta(days=7 - today.weekday())
    return dt.datetime.combine(
        monday + dt.timedelta(days=day), dt.time(hour), tzinfo=timeutil.SHANGHAI
    )


def _event(world: World, room: Any, *, actor: Any = None, start: int = 9, **kw: Any) -> Any:
    return actions.do_create_event(
        community=world.east,
        kind="activity",
        title="邻里议事会",
        starts_at=at(1, start),
        ends_at=at(1, start + 2),
        room=room,
        actor=actor or world.users["community_staff"],
        **kw,
    )


def test_an_event_at_a_room_books_it_at_once_for_the_venues_manager(
    world: World, hall: Room, client: Client
) -> None:
    event = _event(world, hall)
    booking = event.booking
    assert event.room == hall and booking.status == BookingStatus.APPROVED
    assert (booking.starts_at, booking.ends_at) == (event.starts_at, event.ends_at)
    assert booking.purpose == "邻里议事会" and booking.on_behalf_of == world.east.name
    client.force_login(world.users["community_staff"])
    page = client.get(f"/volunteering/staff/events/{event.pk}/").content.decode()
    assert f"/activities/venues/{hall.venue_id}/?room={hall.pk}" in page
    assert 'data-booking="approved"' in page
    week = client.get(
        f"/activities/venues/{hall.venue_id}/?room={hall.pk}&week={at(1, 9).date()}"
    ).content.decode()
    assert f'href="/volunteering/events/{event.pk}/" data-held' in week
    client.force_login(world.users["resident"])  # a resident of the community sees both
    week = client.get(
        f"/activities/venues/{hall.venue_id}/?room={hall.pk}&week={at(1, 9).date()}"
    ).content.decode()
    assert f'href="/volunteering/events/{event.pk}/" data-held' in week
    assert "data-venue" in client.get(f"/volunteering/events/{event.pk}/").content.decode()


def test_an_organiser_who_does_not_manage_the_venue_waits_for_its_manager(
    world: World, hall: Room, client: Client
) -> None:
    secretary = world.user(Role.PARTY_SECRETARY, world.east, "13700000077", "东支部书记")
    event = _event(world, hall, actor=secretary)
    assert event.booking.status == BookingStatus.REQUESTED
    client.force_login(secretary)
    page = client.get(f"/volunteering/staff/events/{event.pk}/").content.decode()
    assert 'data-booking="requested"' in page
    rooms.do_approve_booking(event.booking, actor=world.users["community_staff"])
    assert (
        'data-booking="approved"'
        in client.get(f"/volunteering/staff/events/{event.pk}/").content.decode()
    )


def test_a_taken_slot_refuses_the_event_and_saves_nothing(world: World, hall: Room) -> None:
    staff = world.users["community_staff"]
    rooms.do_book_room(
        hall,
        starts_at=at(1, 10),
        ends_at=at(1, 12),
        purpose="合唱排练",
        head_count=20,
        actor=staff,
    )
    with pytest.raises(Conflict) as refused:
        _event(world, hall)
    assert refused.value.field == "room" and "多功能厅" in refused.value.message
    assert not CommunityEvent.objects.exists() and Booking.objects.count() == 1


def test_cancelling_the_event_calls_the_booking_off(world: World, hall: Room) -> None:
    event = _event(world, hall)
    actions.do_cancel_event(event, reason="台风预警", actor=world.users["community_staff"])
    booking = Booking.objects.get(pk=event.booking_id)
    assert booking.status == BookingStatus.CANCELLED
    _event(world, hall)  # the slot is free again


def test_moving_the_event_moves_its_booking_or_is_refused_whole(world: World, hall: Room) -> None:
    staff = world.users["community_staff"]
    event = _event(world, hall)
    first = event.booking
    event = actions.do_update_event(event, starts_at=at(1, 10), ends_at=at(1, 12), actor=staff)
    first.refresh_from_db()
    assert first.status == BookingStatus.CANCELLED
    moved = Booking.objects.get(pk=event.booking_id or 0)
    assert moved.status == BookingStatus.APPROVED and moved.starts_at == at(1, 10)
    rooms.do_book_room(
        hall, starts_at=at(1, 15), ends_at=at(1, 17), purpose="书法", head_count=9, actor=staff
    )
    with pytest.raises(Conflict):
        actions.do_update_event(event, starts_at=at(1, 14), ends_at=at(1, 16), actor=staff)
    event.refresh_from_db()
    assert event.starts_at == at(1, 10)
    assert Booking.objects.get(pk=moved.pk).status == BookingStatus.APPROVED
    event = actions.do_update_event(event, room=None, actor=staff)  # no longer at a room
    assert event.room is None and event.booking is None
    assert Booking.objects.filter(status=BookingStatus.APPROVED).count() == 1


def test_a_room_of_another_community_or_too_small_is_refused(world: World, hall: Room) -> None:
    west = Venue.objects.create(
        code="VW1",
        name="西社区驿站",
        kind=VenueKind.STATION,
        area=world.west,
        lon=120.6,
        lat=28.0,
        opening_hours=[["08:30", "21:00"]] * 7,
        organisation=PartyOrganisation.objects.create(
            code="W1", name="西社区党委", level=OrgLevel.EXTENDED_COMMITTEE, area=world.west
        ),
    )
    room = Room.objects.create(code="VW1R1", venue=west, name="活动室", capacity=10)
    with pytest.raises(Invalid):
        _event(world, room)
    small = Room.objects.get(code="VE1R2")
    with pytest.raises(Invalid) as refused:
        _event(world, small, capacity=20, signup_opens_at=timeutil.now())
    assert refused.value.field == "room"
    assert not CommunityEvent.objects.exists() and not Booking.objects.exists()


def test_the_api_books_the_room_and_answers_a_taken_slot_with_409(
    world: World, hall: Room, client: Client
) -> None:
    client.force_login(world.users["community_staff"])
    body = {
        "community_code": world.east.code,
        "kind": "activity",
        "title": "健康讲座",
        "starts_at": at(2, 9).isoformat(),
        "ends_at": at(2, 11).isoformat(),
        "room_id": hall.pk,
    }
    made = client.post("/api/v1/volunteering/events", body, content_type="application/json")
    assert made.status_code == 201, made.json()
    assert made.json()["booking_status"] == "approved" and made.json()["venue_id"] == hall.venue_id
    again = client.post("/api/v1/volunteering/events", body, content_type="application/json")
    assert again.status_code == 409 and again.json()["field"] == "room"
    moved = client.patch(
        f"/api/v1/volunteering/events/{made.json()['id']}",
        {"room_id": None},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["room_id"] is None
