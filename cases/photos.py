"""Photo checks: the type by content (Pillow), a size limit, EXIF stripped except the location.

`prepare` runs before anything is written, so a refused photo (or a refused case)
stores nothing.
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

MAX_PHOTOS = 4
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


def prepare(upload: Any) -> PreparedPhoto:
    limit = getattr(settings, "LINLI_PHOTO_MAX_BYTES", MAX_BYTES)
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise Invalid(_("A photo may be at most %(mb)d MB.") % {"mb": limit // 1048576}, "photos")
    data = _read(upload)
    if len(data) > limit:
        raise Invalid(_("A photo may be at most %(mb)d MB.") % {"mb": limit // 1048576}, "photos")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image: Image.Image = Image.open(io.BytesIO(data))
        fmt = image.format or ""
        if fmt not in FORMATS:
            raise Invalid(_("Photos must be JPEG, PNG or WebP images."), "photos")
        if image.width * image.height > MAX_PIXELS:
            raise Invalid(_("The photo has too many pixels."), "photos")
        exif = image.getexif()
        gps = dict(exif.get_ifd(GPS_IFD)) if GPS_IFD in exif else {}
        image.load()
    except Refusal:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(_("This file is not an image we can read."), "photos") from None
    # Apply the orientation tag to the pixels, since the tag itself is dropped.
    image = ImageOps.exif_transpose(image) or image
    kept = Image.Exif()
    lat = lon = None
    if gps:
        kept[GPS_IFD] = gps
        lat = _dms(gps.get(2), gps.get(1, "N")) if 2 in gps else None
        lon = _dms(gps.get(4), gps.get(3, "E")) if 4 in gps else None
    content_type, ext = FORMATS[fmt]
    out = io.BytesIO()
    params: dict[str, Any] = {"exif": kept.tobytes()} if gps else {}
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        params["quality"] = 88
    image.save(out, format=fmt, **params)
    body = out.getvalue()
    return PreparedPhoto(ContentFile(body, name=f"photo.{ext}"), content_type, len(body), lat, lon)


def prepare_all(
    uploads: list[Any] | tuple[Any, ...], limit: int = MAX_PHOTOS
) -> list[PreparedPhoto]:
    uploads = [u for u in uploads if u]
    if len(uploads) > limit:
        raise Invalid(_("At most %(n)d photos.") % {"n": limit}, "photos")
    return [prepare(u) for u in uploads]
