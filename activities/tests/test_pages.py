"""The venue and booking pages: the register, a venue with a room's week, the map, asking for
a room, deciding; home lines that agree with the lists they link to; Chinese throughout."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from activities import actions
from activities.models import Booking, BookingStatus
from core.home import lines_for
from tests.i18n import english_words, visible_text

pytestmark = pytest.mark.django_db


def test_it_lists_the_venues_and_filters_by_kind(v, login):
    client = login(v.user("resident"))
    page = client.get(reverse("activities:venues")).content.decode()
    assert "东社区党群服务中心" in page and "供电所共享会议室" in page
    shared = client.get(reverse("activities:venues"), {"kind": "shared_room"}).content.decode()
    assert "东社区党群服务中心" not in shared and "供电所共享会议室" in shared


def test_a_venue_shows_its_rooms_week_with_who_only_for_managers(v, login):
    b = v.ask(day=2, purpose="合唱排练")
    url = reverse("activities:venue", args=[v.centre.pk])
    week = {"room": v.hall.pk, "week": v.monday.isoformat()}
    outsider = login(v.user("outsider")).get(url, week).content.decode()
    assert 'data-booking-slot="requested"' in outsider and "合唱排练" not in outsider
    assert "一至六 08:30-21:00" in outsider
    staff = login(v.user("community_staff")).get(url, week).content.decode()
    assert "合唱排练" in staff and 'id="manage"' in staff
    assert reverse("activities:booking", args=[b.pk]) in staff


def test_the_map_places_every_venue_with_the_legend_of_its_kinds(v, login):
    answer = login(v.user("resident")).get(reverse("activities:map"))
    found = re.search(
        r'<script id="map-layers" type="application/json">(.*?)</script>', answer.content.decode()
    )
    layers = json.loads(found.group(1))
    assert {f["properties"]["name"] for f in layers["points"]["features"]} == {
        "东社区党群服务中心",
        "供电所共享会议室",
    }
    assert [row["kind"] for row in layers["points"]["legend"]] == ["service_centre", "shared_room"]


def test_a_resident_books_and_a_manager_approves_through_the_pages(v, login):
    client = login(v.user("resident"))
    form = {
        "room": v.meeting_room.pk,
        "day": v.at(3, 0).date().isoformat(),
        "start": "19:00",
        "end": "20:30",
        "head_count": 6,
        "purpose": "读书会",
        "asker_kind": "resident",
    }
    too_late = client.post(reverse("activities:book", args=[v.centre.pk]), {**form, "end": "21:30"})
    assert too_late.status_code == 200 and "21:00" in too_late.content.decode()
    answer = client.post(reverse("activities:book", args=[v.centre.pk]), form)
    b = Booking.objects.get()
    assert answer["Location"] == reverse("activities:booking", args=[b.pk])
    staff = login(v.user("community_staff"))
    page = staff.get(reverse("activities:booking", args=[b.pk])).content.decode()
    assert 'name="approve"' in page
    staff.post(reverse("activities:decide", args=[b.pk, "approve"]))
    b.refresh_from_db()
    assert b.status == BookingStatus.APPROVED


def test_a_refused_decision_shows_its_reason(v, login):
    b = v.ask()
    client = login(v.user("community_staff"))
    answer = client.post(reverse("activities:decide", args=[b.pk, "decline"]), follow=True)
    assert "请说明理由" in answer.content.decode()
    assert Booking.objects.get().status == BookingStatus.REQUESTED
    assert (
        login(v.user("outsider")).get(reverse("activities:booking", args=[b.pk])).status_code == 404
    )


def test_home_lines_count_what_their_lists_show(v, login):
    a, b = v.ask(day=1), v.ask(day=2)
    actions.do_approve_booking(a, actor=v.secretary)
    staff = v.user("community_staff")
    line = {x.key: x for x in lines_for(staff)}["activities.waiting"]
    page = login(staff).get(line.url).content.decode()
    assert line.count == 1 and f'data-count="{line.count}"' in page
    resident = v.user("resident")
    mine = {x.key: x for x in lines_for(resident)}["activities.next_booking"]
    page = login(resident).get(mine.url).content.decode()
    assert mine.count == 2 and f'data-count="{mine.count}"' in page
    assert "多功能厅" in mine.label
    del b


def test_the_pages_speak_chinese(v, login):
    b = v.ask()
    client = login(v.user("community_staff"))
    urls = [
        reverse("activities:venues"),
        reverse("activities:map"),
        reverse("activities:venue", args=[v.centre.pk]),
        reverse("activities:book", args=[v.centre.pk]),
        reverse("activities:bookings"),
        reverse("activities:booking", args=[b.pk]),
    ]
    for url in urls:
        text = visible_text(client.get(url))
        assert english_words(text) == set(), (url, english_words(text))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Room bookings" in visible_text(client.get(reverse("activities:bookings")))
