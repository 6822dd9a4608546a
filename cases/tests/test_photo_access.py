"""A case's photos reach only those who may see the case, through signed, expiring addresses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from accounts.roles import Role
from cases import actions as A
from cases.models import Case, CasePhoto
from cases.tests.helpers import jpeg, report

pytestmark = pytest.mark.django_db

SRC = re.compile(r'<img src="(/media/[^"]+)"')


def _case(world: Any) -> Case:
    case = report(world, photos=[jpeg()])
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    A.do_accept_case(case, actor=staff)
    return A.do_dispatch_case(case, to=worker, actor=staff)


def _stored(case: Case) -> bytes:
    with default_storage.open(case.photos.get().image.name, "rb") as f:
        return f.read()


def _page_address(client: Any, case: Case) -> str:
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    found = SRC.findall(page.content.decode())
    assert len(found) == 1
    return found[0]


def _api_address(client: Any, case: Case) -> str:
    answer = client.get(f"/api/v1/cases/{case.pk}")
    assert answer.status_code == 200
    return str(answer.json()["photos"][0]["url"])


def _bytes(client: Any, address: str) -> bytes:
    response = client.get(address)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("who", ["resident", "grid_worker", "community_staff", "admin"])
def test_the_reporter_handler_and_staff_of_the_area_get_the_photo(
    world: Any, login: Any, who: str
) -> None:
    case = _case(world)
    client = login(world.users[who])
    assert _bytes(client, _page_address(client, case)) == _stored(case)
    assert _bytes(client, _api_address(client, case)) == _stored(case)


def test_a_resident_who_may_not_see_the_case_gets_neither_address_nor_photo(
    world: Any, login: Any
) -> None:
    case = _case(world)
    neighbour = world.user(Role.RESIDENT, world.east_grid)
    client = login(neighbour)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert client.get(f"/media/{case.photos.get().image.name}").status_code == 404
    outsider = login(world.users["outsider"])
    assert outsider.get(f"/cases/{case.pk}/").status_code == 404


def test_anonymous_gets_no_photo_by_its_name(world: Any) -> None:
    case = _case(world)
    name = case.photos.get().image.name
    assert Client().get(f"/media/{name}").status_code == 404
    assert Client().get(f"/cases/{case.pk}/").status_code == 302  # to the login page


def test_new_photos_have_unguessable_names(world: Any) -> None:
    case = _case(world)
    name = case.photos.get().image.name
    assert re.fullmatch(r"cases/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", name)


def test_a_photo_stored_under_a_guessable_name_keeps_working_and_stays_closed(
    world: Any, login: Any
) -> None:
    """Files stored before the random names keep their names: shown on the case, never by
    their name alone."""
    case = _case(world)
    old = default_storage.save("cases/2026/11/photo.png", ContentFile(b"old photo"))
    CasePhoto.objects.filter(case=case).update(image=old)
    assert Client().get(f"/media/{old}").status_code == 404
    client = login(world.users["community_staff"])
    assert _bytes(client, _page_address(client, case)) == b"old photo"


def test_an_address_given_out_expires(world: Any, login: Any, settings: Any) -> None:
    settings.LINLI_MEDIA_URL_SECONDS = 3600
    case = _case(world)
    start = dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        address = _api_address(login(world.users["resident"]), case)
    with time_machine.travel(start + dt.timedelta(minutes=59), tick=False):
        assert Client().get(address).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert Client().get(address).status_code == 404
