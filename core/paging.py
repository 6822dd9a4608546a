"""One way to page a list in the API: `page` and `page_size` as query parameters bounded alike
everywhere, and one answer shape, `Page[T]` (count, page, page_size, results).

The bounds: at most `MAX_PAGE_SIZE` rows a page and `MAX_PAGES` pages, so the offset stays within
what the database takes. An endpoint declares its parameters with `page_param()` and
`page_size_param()` (django-ninja answers a value out of bounds with its 422); `paginate` refuses
a page past the bound itself (400) for a caller that read the numbers some other way.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Query, Schema

from core.refusal import Invalid

MAX_PAGE_SIZE = 200
MAX_PAGES = 100_000  # a bound keeps the offset within what the database takes

T = TypeVar("T")


class Page(Schema, Generic[T]):
    """One page of a list; an endpoint names it after its rows (`class CasePage(Page[CaseOut])`)
    so the OpenAPI schema keeps one component per list."""

    count: int
    page: int
    page_size: int
    results: list[T]


def page_param() -> Any:
    return Query(1, ge=1, le=MAX_PAGES)


def page_size_param(default: int = 50) -> Any:
    return Query(default, ge=1, le=MAX_PAGE_SIZE)


def paginate(qs: QuerySet[Any], page: int, page_size: int) -> dict[str, Any]:
    """Page `page` (from 1) of `qs`, `page_size` rows: the rows as instances for the page's
    schema to read, and the count of all. A page past the last is empty, not refused."""
    # The words and the bodies (no field) of the areas API's refusals, so it can page here too.
    if page < 1:
        raise Invalid(_("page starts at 1."))
    if page > MAX_PAGES:
        raise Invalid(_("page is at most %(n)d.") % {"n": MAX_PAGES})
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise Invalid(_("page_size is between 1 and %(n)d.") % {"n": MAX_PAGE_SIZE})
    start = (page - 1) * page_size
    return {
        "count": qs.count(),
        "page": page,
        "page_size": page_size,
        "results": list(qs[start : start + page_size]),
    }
