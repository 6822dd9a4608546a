"""Every uploaded picture goes through core.photos: checked by its content, re-encoded without
the phone's metadata; only a case's photo keeps its place."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import photos
from core.refusal import Invalid
from tests.photos import jpeg

GPS = 0x8825


def _exif(prepared: photos.PreparedPhoto) -> Image.Exif:
    return Image.open(io.BytesIO(prepared.content.read())).getexif()


def test_it_drops_every_tag_including_the_place_unless_asked_to_keep_it() -> None:
    plain = photos.prepare(jpeg(), name="venue")
    exif = _exif(plain)
    assert 0x010F not in exif and GPS not in exif
    assert plain.gps_lat is None and plain.content.name == "venue.jpg"

    kept = photos.prepare(jpeg(), keep_location=True)
    exif = _exif(kept)
    assert 0x010F not in exif and exif.get_ifd(GPS)[1] == "N"
    assert kept.gps_lat == pytest.approx(28.005, abs=1e-4)


def test_it_refuses_what_is_not_a_picture_naming_the_field() -> None:
    fake = SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")
    with pytest.raises(Invalid) as refused:
        photos.prepare(fake, field="image")
    assert refused.value.field == "image"


@pytest.mark.django_db
def test_a_work_card_photo_is_stored_without_the_phones_tags(
    world: Any,
) -> None:
    from accounts.actions import do_set_work_card
    from accounts.roles import Role

    worker = world.user(Role.GRID_WORKER, world.east_grid)
    do_set_work_card(worker, work_phone="", photo=jpeg(), actor=worker)
    worker.refresh_from_db()
    with worker.photo.open("rb") as f:
        exif = Image.open(io.BytesIO(f.read())).getexif()
    assert GPS not in exif and 0x010F not in exif
