"""The visible-area lookup the endpoints share: an area the caller may see, or a 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from areas import selectors
from areas.models import Area


def visible_area(request: HttpRequest, code: str) -> Area | Status:
    try:
        return selectors.get_area(request.user, code)
    except Http404:
        return Status(404, {"detail": _("No such area.")})
