"""Shared pieces of the actions: their refusals, access checks and points credit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from areas import location
from core.refusal import Conflict, Forbidden, Invalid, NotFound, Refusal
from volunteering import permissions

_BY_STATUS: dict[int, type[Refusal]] = {400: Invalid, 403: Forbidden, 404: NotFound, 409: Conflict}


def refuse(message: str, code: int = 409) -> Refusal:
    """The refusal (`core.refusal`) of the HTTP status `code`."""
    kind = _BY_STATUS.get(code)
    return kind(message) if kind else Refusal(message, status=code)


def require_staff(actor: Any, area_code: str) -> None:
    """Outside the actor's areas the object does not exist for them (404)."""
    if not permissions.is_staff_for(actor, area_code):
        raise refuse(_("Not found."), 404)


def clean_text(value: str | None, label: str, *, required: bool = True, max_length: int = 0) -> str:
    text = (value or "").strip()
    if required and not text:
        raise refuse(_("%(field)s is required.") % {"field": label}, 400)
    if max_length and len(text) > max_length:
        raise refuse(
            _("%(field)s is longer than %(n)d characters.") % {"field": label, "n": max_length},
            400,
        )
    return text


def clean_point(lon: Any, lat: Any, *, required: bool) -> tuple[float | None, float | None]:
    """A point given with an order or a check-in, checked as every point is
    (`areas.location.clean_point`); none at all only where not `required`."""
    if lon is None and lat is None:
        if required:
            raise refuse(_("Your location is needed (allow location access and retry)."), 400)
        return None, None
    return location.clean_point(lon, lat)


def award(
    user: Any,
    activity: str,
    quantity: Decimal | int,
    source: str,
    source_id: str,
    actor: Any,
    *,
    subject: str,
) -> Any:
    """Credit points through the points app (its rules decide the amount and caps); `subject`
    names what was done (an order's or a wish's title) in the resident's points history."""
    if user is None:
        return None
    from points.actions import do_award_points

    return do_award_points(
        user,
        activity,
        quantity=quantity,
        source=source,
        source_id=source_id,
        actor=actor,
        subject=subject,
    )
