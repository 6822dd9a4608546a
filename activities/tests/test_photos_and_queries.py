"""A manager adds a venue's photo, shown through a signed address; the lists' query counts do
not grow with their rows."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities import actions
from activities.models import Room, Venue, VenuePhoto
from core.models import AuditEntry
from core.refusal import Forbidden

pytestmark = pytest.mark.django_db


def _png(name: str = "hall.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 20, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def test_a_manager_adds_a_photo_under_a_random_name_shown_signed(v, login):
    staff = login(v.user("community_staff"))
    answer = staff.post(
        reverse("activities:add_photo", args=[v.centre.pk]), {"image": _png(), "caption": "大厅"}
    )
    assert answer.status_code == 302
    photo = VenuePhoto.objects.get()
    assert photo.image.name.startswith("venues/") and "hall" not in photo.image.name
    assert AuditEntry.objects.filter(action="activities.venue.photo").count() == 1
    page = login(v.user("resident")).get(reverse("activities:venue", args=[v.centre.pk]))
    assert f"/media/{photo.image.name}?s=" in page.content.decode()
    detail = login(v.user("resident")).get(f"/api/v1/activities/venues/{v.centre.pk}").json()
    assert detail["photos"][0]["url"].startswith(f"/media/{photo.image.name}?s=")


def test_others_may_not_add_a_photo(v, login):
    with pytest.raises(Forbidden):
        actions.do_add_venue_photo(v.centre, image=_png(), actor=v.user("resident"))
    answer = login(v.user("resident")).post(
        reverse("activities:add_photo", args=[v.centre.pk]), {"image": _png()}
    )
    assert answer.status_code == 404 and not VenuePhoto.objects.exists()


def _more(v, n: int) -> None:
    for i in range(n):
        venue = Venue.objects.create(
            name=f"驿站{i}",
            kind="station",
            area=v.world.east_grid,
            lon=120.62,
            lat=28.0,
            opening_hours=[["07:00", "19:00"]] * 7,
            organisation=v.centre.organisation,
        )
        room = Room.objects.create(venue=venue, name="休息区", capacity=10)
        v.ask(room, day=1 + i % 5, start=9, end=10)


@pytest.mark.parametrize("url", ["activities:venues", "activities:bookings"])
def test_the_lists_query_the_same_for_more_rows(v, login, django_assert_max_num_queries, url):
    client = login(v.user("community_staff"))
    _more(v, 2)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse(url))
    _more(v, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(url))
