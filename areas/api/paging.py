"""Paging of the API's lists: `?page=&page_size=`, answered with count, page and pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Schema, Status

from core import paging as core_paging


class PageIn(Schema):
    page: int = 1
    page_size: int = 50


def paginate(qs: QuerySet[Any], paging: PageIn) -> dict[str, Any] | Status:
    """The answer of an areas (or party) list: count, page, pages and the page's `items`; the
    bounds and their refusals are core.paging's."""
    if isinstance(paging.page, bool) or isinstance(paging.page_size, bool):
        return Status(400, {"detail": _("page and page_size are integers.")})
    found = core_paging.paginate(qs, paging.page, paging.page_size)
    pages = max(1, -(-found["count"] // paging.page_size))
    return {"count": found["count"], "page": paging.page, "pages": pages, "items": found["results"]}
