"""Photos for tests: a small JPEG as a phone takes it, with EXIF naming the device and (unless
told not to) its place."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


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
