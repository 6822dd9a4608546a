"""What a dashboard request asks for: the area (404 outside the user's reach, the indicators'
rule), the period, the indicator the map colours by, the trends' step. Shared by the page and
the API, so both refuse alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from areas.models import Area
from cases.indicators import selectors as indicators
from cases.models import Case, Category
from core.refusal import Invalid, NotFound
from dashboard import permissions
from dashboard.cockpit.figures import DEFAULT_INDICATOR, INDICATORS

BY = ("week", "month")


def area_for(user: Any, code: str) -> Area:
    """The asked-for area or the user's widest; NotFound (404) outside the user's areas."""
    if not permissions.may_see_cockpit(user):
        raise NotFound(_("No dashboard for you."))
    try:
        return indicators.area_for(user, code.strip())
    except Http404:
        raise NotFound(_("No such area in your areas."), "area") from None


def period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """Inclusive local dates (the last 30 days by default); Invalid (400) when unreadable."""
    try:
        return indicators.period(start, end)
    except indicators.PeriodError as exc:
        raise Invalid(str(exc), "start") from None


def indicator(key: str) -> str:
    if not key:
        return DEFAULT_INDICATOR
    if key not in INDICATORS:
        raise Invalid(_("No such indicator."), "indicator")
    return key


def step(by: str) -> str:
    if not by:
        return "week"
    if by not in BY:
        raise Invalid(_("Trends go by week or by month."), "by")
    return by


def own_codes(user: Any) -> list[str]:
    return permissions.cockpit_codes(user)


def cases_by_id(user: Any, ids: list[int]) -> dict[int, Case]:
    """The cases a hotspot or recurring place names, those the user may see (one query)."""
    found = Case.objects.visible_to(user).filter(pk__in=ids).only("pk", "reported_at")
    return {c.pk: c for c in found}


def grid_cases(user: Any, grid: Area, start: dt.datetime, end: dt.datetime) -> list[Case]:
    """A grid's cases reported in the period (newest first, at most 100): the last step of
    the drill down before a case."""
    return list(
        Case.objects.visible_to(user)
        .filter(area_code__startswith=grid.code, reported_at__gte=start, reported_at__lt=end)
        .select_related("category")
        .order_by("-reported_at", "-pk")[:100]
    )


def top_categories() -> list[Category]:
    """The top categories a hotspot search may narrow to (a code covers its children)."""
    return list(Category.objects.filter(parent__isnull=True, active=True).order_by("code"))
