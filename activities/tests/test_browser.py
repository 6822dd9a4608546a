"""On a 390 px phone: a resident finds a venue, books its meeting room for an evening of next
week, the venue's manager approves it from the list of what waits, and the resident sees it
approved in their bookings."""

from __future__ import annotations

from typing import Any

import pytest

from activities.models import Booking, BookingStatus
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_resident_books_a_room_and_the_manager_approves(v: Any, page: Any, browser_login: Any):
    resident, staff = v.user("resident"), v.user("community_staff")
    day = v.at(2, 0).date()  # a Wednesday of next week: the live server runs on the real clock
    browser_login(page, resident.phone, PASSWORD)
    page.goto(page.base + "/activities/venues/")
    fits(page)
    page.click(f"li[data-venue='{v.centre.code}'] a")
    page.wait_for_url(f"**/activities/venues/{v.centre.pk}/")
    fits(page)
    page.click("a[data-book]")
    page.wait_for_url(f"**/activities/venues/{v.centre.pk}/book/**")
    page.select_option("select[name=room]", str(v.meeting_room.pk))
    page.fill("input[name=day]", day.isoformat())
    page.fill("input[name=start]", "19:00")
    page.fill("input[name=end]", "20:30")
    page.fill("input[name=head_count]", "8")
    page.fill("textarea[name=purpose]", "楼道邻里议事会")
    fits(page)
    with page.expect_navigation():
        page.click("#book button[type=submit]")
    b = Booking.objects.get()
    assert page.url.endswith(f"/activities/bookings/{b.pk}/")
    assert page.locator("h1 [data-status=requested]").count() == 1
    fits(page)

    browser_login(page, staff.phone, PASSWORD, fresh=True)
    page.goto(page.base + "/activities/bookings/?waiting=1")
    page.click(f"li[data-booking='{b.pk}'] a")
    page.wait_for_url(f"**/activities/bookings/{b.pk}/")
    fits(page)
    with page.expect_navigation():
        page.click("button[name=approve]")
    assert page.locator("h1 [data-status=approved]").count() == 1

    browser_login(page, resident.phone, PASSWORD, fresh=True)
    page.goto(page.base + "/activities/bookings/?mine=1")
    row = page.locator(f"li[data-booking='{b.pk}']")
    assert row.locator("[data-status=approved]").count() == 1
    fits(page)
    page.goto(page.base + f"/activities/venues/{v.centre.pk}/?room={v.meeting_room.pk}&week={day}")
    assert page.locator("[data-booking-slot=approved]").count() == 1
    fits(page)
    b.refresh_from_db()
    assert b.status == BookingStatus.APPROVED
