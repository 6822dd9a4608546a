"""A case's photos: at most `MAX_PHOTOS`, each checked by `core.photos` and keeping its
location (a phone's GPS tags place a report made without a pin).

`prepare` runs before anything is written, so a refused photo (or a refused case)
stores nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core import photos
from core.photos import PreparedPhoto
from core.refusal import Invalid

__all__ = ["MAX_PHOTOS", "PreparedPhoto", "prepare", "prepare_all"]

MAX_PHOTOS = 4


def prepare(upload: Any) -> PreparedPhoto:
    return photos.prepare(upload, field="photos", keep_location=True)


def prepare_all(
    uploads: list[Any] | tuple[Any, ...], limit: int = MAX_PHOTOS
) -> list[PreparedPhoto]:
    uploads = [u for u in uploads if u]
    if len(uploads) > limit:
        raise Invalid(_("At most %(n)d photos.") % {"n": limit}, "photos")
    return [prepare(u) for u in uploads]
