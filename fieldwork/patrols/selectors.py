"""Reads of patrols: one's own, a worker's figures (count, duration, distance), home lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import ngettext

from accounts import access
from accounts.roles import Capability as C
from areas.models import Area, grid_levels
from core.home import Line
from core.timeutil import SHANGHAI
from fieldwork import permissions
from fieldwork.models import KeySpot, Patrol, PatrolStatus


def walkable_grids(user: Any) -> QuerySet[Area]:
    """The grids the user may patrol (`patrol` on them), for the start form."""
    codes = access.area_codes(user, C.PATROL)
    if not codes or access.is_admin(user):
        return Area.objects.none()
    q = access.scope_q(user, "code", C.PATROL)
    return Area.objects.filter(q, level__in=grid_levels(), active=True).order_by("code")


def running(user: Any) -> QuerySet[Patrol]:
    """The user's patrol under way (at most one)."""
    if not user.is_authenticated:
        return Patrol.objects.none()
    return Patrol.objects.filter(walker=user, status=PatrolStatus.RUNNING)


def spots_of(patrol: Patrol) -> list[KeySpot]:
    """The key spots of the patrol's grid, each marked `checked` if checked in on it."""
    done = set(patrol.check_ins.values_list("spot_id", flat=True))
    spots = list(KeySpot.objects.filter(grid_id=patrol.grid_id, active=True).order_by("code"))
    for spot in spots:
        spot.checked = spot.pk in done  # type: ignore[attr-defined]
    return spots


@dataclass
class WorkerFigures:
    walker_id: int
    name: str
    patrols: int
    seconds: int
    distance: float  # metres

    @property
    def hours(self) -> float:
        return round(self.seconds / 3600, 1)

    @property
    def km(self) -> float:
        return round(self.distance / 1000, 1)


def days(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in Asia/Shanghai."""
    return (
        dt.datetime.combine(start, dt.time(0), SHANGHAI),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), SHANGHAI),
    )


def figures(user: Any, area_code: str, start: dt.datetime, end: dt.datetime) -> list[WorkerFigures]:
    """Ended patrols started in [start, end) on grids under `area_code` that the user sees,
    per worker: how many, how long in all, how far in all (the tracks' haversine length)."""
    rows = (
        permissions.patrols_visible_to(user)
        .filter(
            grid__code__startswith=area_code,
            status=PatrolStatus.ENDED,
            started_at__gte=start,
            started_at__lt=end,
        )
        .values("walker_id", "walker__name")
        .annotate(
            n=Count("pk"),
            time=Sum(
                ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
            ),
            metres=Sum("distance"),
        )
        .order_by("-n", "walker__name")
    )
    return [
        WorkerFigures(
            r["walker_id"],
            r["walker__name"],
            r["n"],
            int(r["time"].total_seconds()) if r["time"] else 0,
            float(r["metres"] or 0),
        )
        for r in rows
    ]


def counts_by_area(codes: list[str], start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """Ended patrols started in [start, end) under each area code, in one query (the
    indicators' card)."""
    if not codes:
        return {}
    found = Patrol.objects.filter(
        status=PatrolStatus.ENDED, started_at__gte=start, started_at__lt=end
    ).aggregate(
        **{f"a{i}": Count("pk", filter=Q(grid__code__startswith=c)) for i, c in enumerate(codes)}
    )
    return {c: found[f"a{i}"] for i, c in enumerate(codes)}


def home_running(user: Any) -> list[Line]:
    """A worker's patrol under way: a line that leads back to it."""
    found = running(user).first() if permissions.may_walk(user) else None
    if found is None:
        return []
    return [
        Line(
            "fieldwork.patrol_running",
            ngettext("%(n)d patrol under way", "%(n)d patrols under way", 1) % {"n": 1},
            1,
            reverse("fieldwork:patrol", args=[found.pk]),
            group="cases",
        )
    ]
