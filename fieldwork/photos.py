"""A visit's photo: checked by content (Pillow) before anything is stored, like a case's.

The checks are the same as `cases.photos` (JPEG, PNG or WebP, at most
`LINLI_PHOTO_MAX_BYTES`); fieldwork sits below cases, so it cannot import them."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.refusal import Invalid

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def prepare(upload: Any) -> ContentFile[bytes]:
    """The photo re-encoded without its metadata (a phone's EXIF names the place and the
    device), or Invalid naming the field `photo`."""
    limit = int(getattr(settings, "LINLI_PHOTO_MAX_BYTES", MAX_BYTES))
    if getattr(upload, "size", 0) and upload.size > limit:
        raise Invalid(_("A photo may be at most %(mb)d MB.") % {"mb": limit // 1048576}, "photo")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read() if hasattr(upload, "read") else bytes(upload)
    if len(data) > limit:
        raise Invalid(_("A photo may be at most %(mb)d MB.") % {"mb": limit // 1048576}, "photo")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image: Image.Image = Image.open(io.BytesIO(data))
        fmt = image.format or ""
        if fmt not in FORMATS:
            raise Invalid(_("Photos must be JPEG, PNG or WebP images."), "photo")
        if image.width * image.height > MAX_PIXELS:
            raise Invalid(_("The photo has too many pixels."), "photo")
        image = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format=fmt)
    except Invalid:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(_("This file is not an image we can read."), "photo") from None
    return ContentFile(out.getvalue(), name=f"visit.{FORMATS[fmt]}")
