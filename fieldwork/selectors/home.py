"""Field work's lines on the home page (core.home), counted by the selectors of the lists
they link to."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import ngettext

from accounts.roles import GRID_WORKERS
from core import timeutil
from core.home import Line
from fieldwork import periods
from fieldwork.selectors import pairings as pairing_selectors
from fieldwork.selectors import visits as selectors


def visits_due(user: Any) -> list[Line]:
    """A grid worker's households not yet visited this period (`selectors.overdue`, the list
    at /fieldwork/visits/overdue/); urgent in the period's last 30 days."""
    if not user.role_assignments.filter(role__in=sorted(GRID_WORKERS)).exists():
        return []
    period = periods.current()
    n = selectors.overdue(user, period=period).count()
    return [
        Line(
            key="fieldwork.visits_due",
            label=ngettext("%(n)d household due a visit", "%(n)d households due a visit", n)
            % {"n": n},
            count=n,
            url=reverse("fieldwork:overdue"),
            group="people",
            urgent=period.days_left(timeutil.today()) <= 30,
        )
    ]


def pairings_due(user: Any) -> list[Line]:
    """A paired member's or cadre's pairings not visited this period (the pairings page
    filtered `?mine=1&due=1`, counted by the same `mine_due`)."""
    n = pairing_selectors.mine_due(user).count() if user.pairings.exists() else 0
    return [
        Line(
            key="fieldwork.pairings_due",
            label=ngettext(
                "%(n)d pairing not visited this period",
                "%(n)d pairings not visited this period",
                n,
            )
            % {"n": n},
            count=n,
            url=reverse("fieldwork:pairings") + "?mine=1&due=1",
            group="people",
        )
    ]
