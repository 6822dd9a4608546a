"""Photo checks for every upload of a picture (a case's, a visit's, a venue's, a work card's):
the type by content (Pillow), a size and a pixel limit, the orientation applied and the
metadata (EXIF: the device, the time, often the place) dropped; a case's photo may keep its
location, which the case uses.

`prepare` runs before anything is written, so a refused photo stores nothing. Photos are
personal data: stored under random names and shown through signed addresses (`core.media`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.refusal import Invalid, Refusal

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
GPS_IFD = 0x8825


@dataclass
class PreparedPhoto:
    content: ContentFile
    content_type: str
    size: int
    gps_lat: float | None
    gps_lon: float | None


def _dms(values: Any, ref: Any) -> float | None:
    try:
        d, m, s = (float(v) for v in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    out = d + m / 60 + s / 3600
    return -out if str(ref).upper() in ("S", "W") else out


def _read(upload: Any) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read()


def prepare(
    upload: Any, *, field: str = "photo", keep_location: bool = False, name: str = "photo"
) -> PreparedPhoto:
    """The photo re-encoded without its metadata (with its GPS tags if `keep_location`), or
    Invalid naming `field`."""
    limit = getattr(settings, "LINLI_PHOTO_MAX_BYTES", MAX_BYTES)
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise Invalid(_("A photo may be at most %(mb)d MB.") % {"mb": limit // 1048576}, field)
    data = _read(upload)
    if len(data) > limit:
        raise Invalid(_("A photo may be at most %(mb)d MB.") % {"mb": limit // 1048576}, field)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image: Image.Image = Image.open(io.BytesIO(data))
        fmt = image.format or ""
        if fmt not in FORMATS:
            raise Invalid(_("Photos must be JPEG, PNG or WebP images."), field)
        if image.width * image.height > MAX_PIXELS:
            raise Invalid(_("The photo has too many pixels."), field)
        exif = image.getexif()
        gps = dict(exif.get_ifd(GPS_IFD)) if GPS_IFD in exif else {}
        image.load()
    except Refusal:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(_("This file is not an image we can read."), field) from None
    # Apply the orientation tag to the pixels, since the tag itself is dropped.
    image = ImageOps.exif_transpose(image) or image
    kept = Image.Exif()
    lat = lon = None
    if gps and keep_location:
        kept[GPS_IFD] = gps
        lat = _dms(gps.get(2), gps.get(1, "N")) if 2 in gps else None
        lon = _dms(gps.get(4), gps.get(3, "E")) if 4 in gps else None
    content_type, ext = FORMATS[fmt]
    out = io.BytesIO()
    params: dict[str, Any] = {"exif": kept.tobytes()} if gps and keep_location else {}
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        params["quality"] = 88
    image.save(out, format=fmt, **params)
    body = out.getvalue()
    return PreparedPhoto(ContentFile(body, name=f"{name}.{ext}"), content_type, len(body), lat, lon)
