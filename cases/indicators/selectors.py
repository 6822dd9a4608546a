"""Which area and period a user asks indicators for; who may see them is
cases.indicators.permissions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from areas.models import Area
from cases.indicators import permissions
from core.refusal import Invalid
from core.timeutil import SHANGHAI, today

MAX_DAYS = 3 * 366


class PeriodError(Invalid):
    """A period that cannot be read; the message says why (400 on the API)."""


def area_for(user: Any, code: str) -> Area:
    """The asked-for area, or the user's widest one; 404 for one outside the user's areas."""
    if not code:
        codes = permissions.top_codes(user)
        if codes:
            code = codes[0]
        elif permissions.may_see(user):
            root = Area.objects.filter(parent__isnull=True, active=True).order_by("code").first()
            if root is None:
                raise Http404
            return root
        else:
            raise Http404
    if not permissions.may_see(user, code):
        raise Http404
    area = Area.objects.filter(code=code, active=True).first()
    if area is None:
        raise Http404
    return area


def period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """Inclusive local dates; by default the 30 days up to today (this month alone would
    show nothing in its first days)."""
    end = end or today()
    start = start or end - dt.timedelta(days=29)
    if start > end:
        raise PeriodError(_("The start date is after the end date."))
    if (end - start).days > MAX_DAYS:
        raise PeriodError(_("A period is at most three years long."))
    return start, end


def parse_date(value: str, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PeriodError(_("%(name)s is not a date (YYYY-MM-DD).") % {"name": name}) from None


def bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in Asia/Shanghai."""
    return (
        dt.datetime.combine(start, dt.time(0), SHANGHAI),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), SHANGHAI),
    )


def presets(on: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    month = on.replace(day=1)
    last_month_end = month - dt.timedelta(days=1)
    quarter = on.replace(month=(on.month - 1) // 3 * 3 + 1, day=1)
    return [
        (_("This month"), month, on),
        (_("Last month"), last_month_end.replace(day=1), last_month_end),
        (_("This quarter"), quarter, on),
        (pgettext("period", "This year"), on.replace(month=1, day=1), on),
        (_("Last 30 days"), on - dt.timedelta(days=29), on),
    ]
