"""The case list's paging at a million cases: a capped count and a cursor.

Counting every visible case on every page (reporter OR handler OR area OR supporter over a
million rows) costs more than the page itself, so a list counts at most `COUNT_CAP` + 1 rows
and says "10,000+" beyond. `page` walks OFFSET rows within those counted rows only (deeper, when
there are more, is a 400 naming the cursor, as a search engine's result window; past the end
of a shorter list, an empty page), and walks them over the ids alone
(the list index `case_list_idx` holds the visibility columns, an index-only scan) before it
loads the page's rows; the cursor (`next` of the previous answer) starts the next page right
after the last row in the list's order (newest first: reported_at, id), the same cost at any
depth.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.refusal import Invalid

COUNT_CAP = 10_000


def capped_count(qs: QuerySet[Any]) -> tuple[int, bool]:
    """The number of rows, at most `COUNT_CAP`, and whether there are more."""
    n = qs.order_by()[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n > COUNT_CAP


def cursor_after(row: Any) -> str:
    """The cursor of the page after `row` (newest-first order)."""
    raw = f"{row.reported_at.isoformat()}|{row.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.split("|")
        at = dt.datetime.fromisoformat(moment)
        if at.tzinfo is None or not 0 < int(pk) < 2**63:
            raise ValueError
        return at, int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error, OverflowError):
        raise Invalid(_("cursor is not one this list gave."), "cursor") from None


def after(qs: QuerySet[Any], cursor: str) -> QuerySet[Any]:
    """`qs` (ordered newest first) from the row after the cursor's."""
    at, pk = _read(cursor)
    # The redundant bound lets the reported_at index start at the cursor.
    return qs.filter(Q(reported_at__lt=at) | Q(reported_at=at, pk__lt=pk), reported_at__lte=at)


def page(qs: QuerySet[Any], page: int, page_size: int, cursor: str = "") -> dict[str, Any]:
    """A page of `qs` (ordered newest first, reported_at then id) by number or by cursor: the
    rows, the capped count of all and the cursor of the next page (None after the last)."""
    if cursor:
        count, capped = capped_count(qs)
        rows = list(after(qs, cursor)[: page_size + 1])
    else:
        start = (page - 1) * page_size
        count, capped = capped_count(qs)
        if start >= COUNT_CAP and capped:
            raise Invalid(
                _("Pages go %(n)s cases deep; follow the answer's `next` cursor beyond.")
                % {"n": f"{COUNT_CAP:,}"},
                "page",
            )
        # A page past the last (of a list under the cap) is empty, as everywhere.
        ids = list(qs.values_list("pk", flat=True)[start : start + page_size + 1])
        found = qs.order_by().in_bulk(ids)
        rows = [found[pk] for pk in ids if pk in found]
    more = len(rows) > page_size
    rows = rows[:page_size]
    return {
        "count": count,
        "capped": capped,
        "page": page,
        "page_size": page_size,
        "results": rows,
        "next": cursor_after(rows[-1]) if more and rows else None,
    }
