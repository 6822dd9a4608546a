"""Small builders for case tests on the `world` fixture."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases.actions import do_report_case
from cases.models import Case, Category

# Inside the east grid (square 120.62..120.64, 28.0..28.02).
EAST = (120.63, 28.005)
WEST = (120.61, 28.005)


def category(code: str = "S0101") -> Category:
    return Category.objects.get(code=code)


def report(world: Any, *, code: str = "S0101", at: tuple[float, float] = EAST, **kw: Any) -> Case:
    kw.setdefault("actor", world.users["resident"])
    kw.setdefault("description", "楼下垃圾堆了三天")
    return do_report_case(category=category(code), lon=at[0], lat=at[1], **kw)


def jpeg(
    gps: bool = True, size: tuple[int, int] = (64, 48), name: str = "p.jpg"
) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "CameraApp 1.0"  # Software
    if gps:
        exif[0x8825] = {
            1: "N",
            2: (28.0, 0.0, 18.0),
            3: "E",
            4: (120.0, 37.0, 48.0),
        }
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
