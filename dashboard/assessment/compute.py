"""A month's raw figures for every grid and every posted grid worker of a subdistrict, with
aggregate queries: a fixed number per community (the case indicators of its grids) and a
fixed number for all the workers together, never a query per worker or per grid
(`bench/assessment.py` measures it beside a per-worker loop).

Where each figure comes from:
- a grid: `cases.indicators.compute` on its community (one row per grid: reported, handled
  — handlings and on-the-spot resolutions —, on time ÷ due, reworks ÷ handlings, ratings);
  visit coverage from `fieldwork.selectors.visits.grid_figures` in the visit period up to
  the month's end; patrols from `fieldwork.patrols.selectors.counts_by_area`.
- a worker (posted to a grid: `GRID_WORKERS`): the cases they handled (their handle and
  resolve-on-the-spot steps in the month), reported (as reporter), closed in the month as
  handler (on time: by the deadline), reworks of their cases (verifications sent back) over
  their handlings, the ratings of their cases; their visits
  (`fieldwork.selectors.visits.worker_figures`); their ended patrols started in the month
  (as `fieldwork.patrols.selectors.figures` counts them).
- a complaint (投诉) is a resident's rating of 1 or 2 stars with a comment, given in the month
  on a case the worker handled (a grid: on a case of the grid). linli has no complaint
  category; an unhappy rating with words is how a resident complains about the work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Substr

from accounts.models import RoleAssignment
from accounts.roles import GRID_WORKERS
from areas.models import Area, grid_levels
from cases.indicators.compute import compute as indicators
from cases.models import Case, CaseTransition, Rating
from cases.workflow import Status
from core.timeutil import SHANGHAI
from dashboard.models import ItemKey
from fieldwork import periods
from fieldwork.models import Patrol
from fieldwork.models.patrols import PatrolStatus
from fieldwork.patrols.selectors import counts_by_area
from fieldwork.selectors import visits

K = ItemKey
COMPLAINT_MAX_SCORE = 2
HANDLINGS = ("handle", "resolve_on_spot")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[the month's first day 00:00, the next month's first day 00:00) in Asia/Shanghai."""
    return (
        dt.datetime.combine(month, dt.time(0), SHANGHAI),
        dt.datetime.combine(next_month(month), dt.time(0), SHANGHAI),
    )


def visit_period(month: dt.date) -> periods.Period:
    """The visit rule's period the month lies in, up to the month's last day."""
    return periods.Period(periods.period_of(month).start, next_month(month) - dt.timedelta(days=1))


def _empty() -> dict[str, dict[str, Any]]:
    return {
        K.HANDLED: {"raw": 0},
        K.REPORTED: {"raw": 0},
        K.ON_TIME: {"raw": None, "part": 0, "whole": 0},
        K.REWORK: {"raw": None, "part": 0, "whole": 0},
        K.RATING: {"raw": None, "part": 0, "whole": 0},
        K.VISITS: {"raw": None, "part": 0, "whole": 0},
        K.PATROLS: {"raw": 0},
        K.COMPLAINTS: {"raw": 0},
    }


def _rate(figure: dict[str, Any], part: float, whole: int) -> None:
    figure["part"] = round(part, 4) if isinstance(part, float) else part
    figure["whole"] = whole
    figure["raw"] = round(part / whole, 4) if whole else None


@dataclass
class Subject:
    grid: Area
    community: Area
    user_id: int | None = None
    name: str = ""
    figures: dict[str, dict[str, Any]] = field(default_factory=_empty)


@dataclass
class Month:
    area: Area
    month: dt.date
    grids: list[Subject]
    workers: list[Subject]


def _grids(area: Area) -> list[Area]:
    return list(
        Area.objects.filter(code__startswith=area.code, level=grid_levels()[0], active=True)
        .select_related("parent")
        .defer("boundary", "parent__boundary")  # polygons: not needed, slow to read
        .order_by("code")
    )


def gather(area: Area, month: dt.date) -> Month:
    """The raw figures of `area`'s grids and posted workers in `month`."""
    start, end = bounds(month)
    grids = _grids(area)
    by_code = {g.code: Subject(g, g.parent or g) for g in grids}
    communities = {g.parent for g in grids if g.parent is not None}
    for community in sorted(communities, key=lambda c: c.code):
        for row in indicators(community, start, end).rows:
            subject = by_code.get(row.code)
            if subject is None:
                continue
            f = subject.figures
            f[K.HANDLED]["raw"] = row.handled
            f[K.REPORTED]["raw"] = row.reported
            _rate(f[K.ON_TIME], row.on_time, row.due)
            _rate(f[K.REWORK], row.rework, row.handled)
            _rate(f[K.RATING], row.rating_sum, row.ratings)
    period = visit_period(month)
    grid_visits = visits.grid_figures([area.code], period)
    for figure in grid_visits:
        if figure.code in by_code:
            _rate(by_code[figure.code].figures[K.VISITS], figure.visited, figure.households)
    for code, n in counts_by_area(list(by_code), start, end).items():
        by_code[code].figures[K.PATROLS]["raw"] = n
    if grids:
        width = len(grids[0].code)
        for found in (
            Rating.objects.filter(_complaint(start, end), case__area_code__startswith=area.code)
            .annotate(prefix=Substr("case__area_code", 1, width))
            .order_by()
            .values("prefix")
            .annotate(n=Count("pk"))
        ):
            if found["prefix"] in by_code:
                by_code[found["prefix"]].figures[K.COMPLAINTS]["raw"] = found["n"]
    workers = _workers(by_code, grid_visits, period, start, end)
    return Month(area, month, list(by_code.values()), workers)


def _complaint(start: dt.datetime, end: dt.datetime) -> Q:
    return Q(at__gte=start, at__lt=end, score__lte=COMPLAINT_MAX_SCORE) & ~Q(comment="")


def _workers(
    grids: dict[str, Subject],
    grid_visits: list[visits.Figure],
    period: periods.Period,
    start: dt.datetime,
    end: dt.datetime,
) -> list[Subject]:
    """One subject per worker posted to one of the grids (on several: the first by code)."""
    postings = (
        RoleAssignment.objects.filter(role__in=sorted(GRID_WORKERS), area__code__in=list(grids))
        .order_by("area__code", "user__name", "user_id")
        .values_list("user_id", "user__name", "area__code")
    )
    workers: dict[int, Subject] = {}
    for user_id, name, code in postings:
        if user_id not in workers:
            grid = grids[code]
            workers[user_id] = Subject(grid.grid, grid.community, user_id, name)
    if not workers:
        return []
    ids = list(workers)
    month = Q(at__gte=start, at__lt=end)
    for row in (
        CaseTransition.objects.filter(month, actor_id__in=ids, action__in=HANDLINGS)
        .values("actor_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        workers[row["actor_id"]].figures[K.HANDLED]["raw"] = row["n"]
    for row in (
        Case.objects.filter(reporter_id__in=ids, reported_at__gte=start, reported_at__lt=end)
        .values("reporter_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        workers[row["reporter_id"]].figures[K.REPORTED]["raw"] = row["n"]
    on_time = Q(handle_due__isnull=True) | Q(closed_at__lte=F("handle_due"))
    for row in (
        Case.objects.filter(
            handler_id__in=ids,
            closed_at__gte=start,
            closed_at__lt=end,
            accepted_at__isnull=False,
        )
        .exclude(status__in=[Status.REJECTED, Status.MERGED])
        .values("handler_id")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=on_time))
        .order_by()
    ):
        _rate(workers[row["handler_id"]].figures[K.ON_TIME], row["on_time"], row["n"])
    for row in (
        CaseTransition.objects.filter(month, case__handler_id__in=ids, action="verify_fail")
        .values("case__handler_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        workers[row["case__handler_id"]].figures[K.REWORK]["part"] = row["n"]
    for w in workers.values():
        rework = w.figures[K.REWORK]
        _rate(rework, rework["part"], w.figures[K.HANDLED]["raw"])
    for row in (
        Rating.objects.filter(month, case__handler_id__in=ids)
        .values("case__handler_id")
        .annotate(
            n=Count("pk"),
            total=Sum("score"),
            avg=Avg("score"),
            complaints=Count("pk", filter=_complaint(start, end)),
        )
        .order_by()
    ):
        w = workers[row["case__handler_id"]]
        _rate(w.figures[K.RATING], int(row["total"]), row["n"])
        w.figures[K.COMPLAINTS]["raw"] = row["complaints"]
    done: set[int] = set()
    # One figure per posting, by grid code: a worker's first is the grid they are assessed on.
    for figure in visits.worker_figures(grid_visits, period):
        user_id = int(figure.code)
        if user_id in workers and user_id not in done:
            done.add(user_id)
            _rate(workers[user_id].figures[K.VISITS], figure.visited, figure.households)
    for row in (
        Patrol.objects.filter(
            walker_id__in=ids, status=PatrolStatus.ENDED, started_at__gte=start, started_at__lt=end
        )
        .values("walker_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        workers[row["walker_id"]].figures[K.PATROLS]["raw"] = row["n"]
    return sorted(workers.values(), key=lambda w: (w.grid.code, w.name, w.user_id or 0))
