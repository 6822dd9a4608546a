"""Uploaded files are served only through signed, expiring addresses (core.media)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import media

NAME = "cases/2026/12/photo.png"  # a name as the first photo of a month used to get
BODY = b"\x89PNG not really"


@pytest.fixture
def stored() -> str:
    return default_storage.save(NAME, ContentFile(BODY))


def test_it_serves_a_signed_address(client: Any, stored: str) -> None:
    response = client.get(media.url(stored))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == BODY
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("private")


@pytest.mark.parametrize("signature", [None, "", "garbage", "1abcde:xyz"])
def test_it_refuses_a_guessed_or_forged_address(client: Any, stored: str, signature: Any) -> None:
    address = f"/media/{stored}" + ("" if signature is None else f"?s={signature}")
    assert client.get(address).status_code == 404


def test_one_files_signature_opens_no_other(client: Any, stored: str) -> None:
    other = default_storage.save("wishes/2026/12/wish.jpg", ContentFile(b"other"))
    signature = media.url(stored).split("?", 1)[1]
    assert client.get(f"/media/{other}?{signature}").status_code == 404


def test_an_address_expires(client: Any, stored: str, settings: Any) -> None:
    settings.LINLI_MEDIA_URL_SECONDS = 600
    start = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        address = media.url(stored)
    with time_machine.travel(start + dt.timedelta(seconds=599), tick=False):
        assert client.get(address).status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=601), tick=False):
        assert client.get(address).status_code == 404


def test_a_signed_address_of_a_missing_file_is_a_404(client: Any, db: Any) -> None:
    assert client.get(media.url("cases/2026/12/gone.png")).status_code == 404


def test_it_hands_the_sending_to_nginx_when_configured(
    client: Any, stored: str, settings: Any
) -> None:
    settings.LINLI_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    response = client.get(media.url(stored))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{stored}"
    assert response.content == b""
    assert client.get(f"/media/{stored}").status_code == 404  # still checked first


def test_it_answers_only_reads(client: Any, stored: str) -> None:
    assert client.post(media.url(stored)).status_code == 405


def test_no_file_no_address() -> None:
    assert media.url(None) == "" and media.url("") == ""


def test_new_uploads_get_random_names_keeping_the_extension() -> None:
    upload_to = media.RandomName("cases")
    with time_machine.travel(dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC), tick=False):
        first, second = upload_to(None, "photo.JPG"), upload_to(None, "photo.JPG")
        bare = upload_to(None, "no extension")
    # 20:00 UTC on New Year's Eve is already January in Asia/Shanghai.
    assert re.fullmatch(r"cases/2027/01/[0-9a-f]{32}\.jpg", first)
    assert first != second
    assert re.fullmatch(r"cases/2027/01/[0-9a-f]{32}", bare)
