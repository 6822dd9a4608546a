"""Paging of the API's lists: `?page=&page_size=`, answered with count, page and pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Schema, Status

from core.api import MAX_PAGES

MAX_PAGE_SIZE = 200


class PageIn(Schema):
    page: int = 1
    page_size: int = 50


def paginate(qs: QuerySet[Any], paging: PageIn) -> tuple[dict[str, Any], list[Any]] | Status:
    if isinstance(paging.page, bool) or isinstance(paging.page_size, bool):
        return Status(400, {"detail": _("page and page_size are integers.")})
    if paging.page < 1:
        return Status(400, {"detail": _("page starts at 1.")})
    if paging.page > MAX_PAGES:
        return Status(400, {"detail": _("page is at most %(n)d.") % {"n": MAX_PAGES}})
    if not 1 <= paging.page_size <= MAX_PAGE_SIZE:
        return Status(
            400, {"detail": _("page_size is between 1 and %(n)d.") % {"n": MAX_PAGE_SIZE}}
        )
    count = qs.count()
    pages = max(1, -(-count // paging.page_size))
    start = (paging.page - 1) * paging.page_size
    items = list(qs[start : start + paging.page_size])
    return {"count": count, "page": paging.page, "pages": pages}, items
