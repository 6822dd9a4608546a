"""Writes on venues besides the register's import: a manager adds a photo."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from activities import permissions
from activities.models import Venue, VenuePhoto
from core import audit, photos
from core.refusal import Forbidden, Invalid

CAPTION_MAX = 100
PHOTOS_MAX = 12


@transaction.atomic
def do_add_venue_photo(venue: Venue, *, image: Any, caption: str = "", actor: Any) -> VenuePhoto:
    """A manager of the venue adds a photo (stored under a random name, shown through signed
    addresses); a venue keeps at most `PHOTOS_MAX`."""
    venue = Venue.objects.select_for_update().select_related("area").get(pk=venue.pk)
    if not permissions.may_manage_venue(actor, venue):
        raise Forbidden(_("Only the venue's managers add its photos."))
    if not image:
        raise Invalid(_("Choose a photo."), "image")
    caption = (caption or "").strip()
    if len(caption) > CAPTION_MAX:
        raise Invalid(_("At most %(n)d characters.") % {"n": CAPTION_MAX}, "caption")
    if venue.photos.count() >= PHOTOS_MAX:
        raise Invalid(_("A venue keeps at most %(n)d photos.") % {"n": PHOTOS_MAX}, "image")
    content = photos.prepare(image, field="image", name="venue").content
    photo = VenuePhoto(venue=venue, caption=caption, added_by=actor)
    photo.image.save(content.name or "venue.jpg", content, save=False)
    photo.save()
    audit.record(
        actor, "activities.venue.photo", venue, {"photo": [None, caption or photo.image.name]}
    )
    return photo
