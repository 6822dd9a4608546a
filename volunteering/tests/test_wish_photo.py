"""A fulfilled wish's photo reaches only those who may see the wish, through signed,
expiring addresses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from volunteering import actions
from volunteering.models import MicroWish
from volunteering.tests.test_wishes import png, post

pytestmark = pytest.mark.django_db

SRC = re.compile(r'<img src="(/media/[^"]+)"')


def _fulfilled(v: Any) -> MicroWish:
    wish = post(v)
    actions.do_claim_wish(wish, actor=v.vol2_user)
    return actions.do_fulfil_wish(wish, photo=SimpleUploadedFile("p.png", png()), actor=v.vol2_user)


def _stored(wish: MicroWish) -> bytes:
    with default_storage.open(wish.photo.name, "rb") as f:
        return f.read()


def _bytes(client: Any, address: str) -> bytes:
    response = client.get(address)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("who", ["vol2_user", "staff", "vol_user"])
def test_the_claimer_staff_and_the_community_get_the_photo(v: Any, login: Any, who: str) -> None:
    wish = _fulfilled(v)
    client = login(getattr(v, who))
    page = client.get(f"/volunteering/wishes/{wish.pk}/")
    assert page.status_code == 200
    (address,) = SRC.findall(page.content.decode())
    assert _bytes(client, address) == _stored(wish)
    answer = client.get(f"/api/v1/volunteering/wishes/{wish.pk}")
    assert _bytes(client, answer.json()["photo_url"]) == _stored(wish)


def test_another_community_and_anonymous_get_no_photo(v: Any, login: Any) -> None:
    wish = _fulfilled(v)
    assert re.fullmatch(r"wishes/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", wish.photo.name)
    client = login(v.west_vol_user)
    assert client.get(f"/volunteering/wishes/{wish.pk}/").status_code == 404
    assert client.get(f"/api/v1/volunteering/wishes/{wish.pk}").status_code == 404
    assert client.get(f"/media/{wish.photo.name}").status_code == 404
    assert Client().get(f"/media/{wish.photo.name}").status_code == 404


def test_the_photo_address_expires(v: Any, login: Any, settings: Any) -> None:
    settings.LINLI_MEDIA_URL_SECONDS = 600
    wish = _fulfilled(v)
    start = dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        address = login(v.staff).get(f"/api/v1/volunteering/wishes/{wish.pk}").json()["photo_url"]
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False):
        assert Client().get(address).status_code == 404


def test_a_wish_without_a_photo_has_no_address(v: Any, login: Any) -> None:
    wish = post(v)
    assert login(v.staff).get(f"/api/v1/volunteering/wishes/{wish.pk}").json()["photo_url"] is None


def test_the_back_office_links_the_photo_through_its_signed_address(v: Any, login: Any) -> None:
    from accounts.models import User

    wish = _fulfilled(v)
    client = login(User.objects.create_superuser(phone="13600000000", password="x", name="后台"))
    page = client.get(f"/admin/volunteering/microwish/{wish.pk}/change/").content.decode()
    found = re.findall(r'<a href="(/media/[^"]+)"', page)
    (address,) = found
    assert _bytes(client, address.replace("&amp;", "&")) == _stored(wish)
