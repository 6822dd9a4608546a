"""The one check of a point a user gives: a case's report (and its duplicate search), a
service order, a volunteer's check-in and check-out.

A point is two finite numbers in range; never (0, 0), "Null Island", which is what a phone
without a position fix sends; and, where the areas have boundaries, within `MARGIN` of the
district's extent (the box around every active area's boundary). A point outside that is a
wrong fix or a typed mistake, and would put an order or a case somewhere nobody serves.
"""

from __future__ import annotations

import math
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from areas.models import Area
from core.memo import Memo
from core.refusal import Invalid
from core.signals import rows_written

# About 20 km: room for a district drawn a little short, none for another city.
MARGIN = 0.2
# Closer than this to (0, 0) in both degrees is taken for a missing fix (about 100 m).
NULL_ISLAND = 0.001

Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
EXTENT_TTL = 300.0
_extent: Memo[tuple[Box, ...]] = Memo(EXTENT_TTL, shared="areas-extent")


def _load() -> tuple[Box, ...]:
    from shapely.geometry import shape

    boxes = []
    rows = Area.objects.filter(active=True, boundary__isnull=False).values_list("boundary")
    for (boundary,) in rows.iterator():
        try:
            geom = shape(boundary)
        except (ValueError, TypeError, AttributeError, KeyError):
            continue
        if not geom.is_empty:
            boxes.append(geom.bounds)
    if not boxes:
        return ()  # no boundaries: nothing to check against (kept, unlike None)
    return (
        (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        ),
    )


def extent() -> Box | None:
    """The box around every active area's boundary, or None where no area has one. Kept
    per process (`core.memo`, shared) and forgotten when an area changes."""
    found = _extent.get("all", _load)
    return found[0] if found else None


def forget_extent() -> None:
    _extent.clear()


@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
@receiver(rows_written, sender=Area)
def _area_changed(**kwargs: Any) -> None:
    forget_extent()
    transaction.on_commit(forget_extent)


def clean_point(lon: Any, lat: Any, field: str = "location") -> tuple[float, float]:
    """(lon, lat) as floats, or `Invalid` naming `field`: not numbers, out of range, (0, 0),
    or far outside the district."""
    if isinstance(lon, bool) or isinstance(lat, bool):
        raise Invalid(_("The coordinates are not numbers."), field)
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        raise Invalid(_("The coordinates are not numbers."), field) from None
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        raise Invalid(_("The coordinates are out of range."), field)
    if abs(x) < NULL_ISLAND and abs(y) < NULL_ISLAND:
        raise Invalid(
            _("The location (0, 0) is not a real position: turn on location and retry."), field
        )
    box = extent()
    if box is not None and not (
        box[0] - MARGIN <= x <= box[2] + MARGIN and box[1] - MARGIN <= y <= box[3] + MARGIN
    ):
        raise Invalid(_("This location is far outside the district: check it."), field)
    return x, y


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """The great-circle (haversine) distance in metres between two WGS-84 points: a visit's
    place, a patrol's track, a check-in beside its key spot."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(min(1.0, a)))
