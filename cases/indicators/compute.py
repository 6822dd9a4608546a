"""Case indicators per area and period, with aggregate queries (never a loop over cases).

Definitions (the digital city-management ones):
- reported: cases reported in the period; accepted: cases accepted (立案) in the period.
- due (应结案): accepted cases whose handling deadline falls in the period, or that were
  closed in the period before their deadline — each case is due once, in the period of
  the earlier of its closing and its deadline. Rejected and merged cases are never due.
- closed (结案): due cases closed by the end of the period; on time (按期结案): closed by
  their deadline (an approved extension moves the deadline).
- closure rate = closed ÷ due; on-time closure rate = on time ÷ due.
- rework rate = verifications sent back ÷ handlings (handled, or resolved on the spot) in
  the period; average rating: ratings given in the period.
- share per level: of the closed cases, the share closed at grid, community, subdistrict
  and district level.

Two ways to the same numbers: `compute` reads the roll-ups per area and local day
(`cases.rollup`, kept by triggers) when the period runs from midnight to midnight in
Asia/Shanghai, as every page and the API ask; `recount` counts the cases, their history and
ratings themselves (any period; `compute` falls back to it for periods that do not start and
end at a local midnight). `cases/tests/test_rollup.py` holds them equal on random data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case as Choose
from django.db.models import Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import Substr

from areas.models import Area
from cases.models import (
    Case,
    CaseDayFigure,
    CaseLateFigure,
    CaseOpenFigure,
    CaseTransition,
    Rating,
)
from cases.rollup import DAY_COLUMNS
from cases.workflow import GONE, Level, Status
from core import replica
from core.timeutil import SHANGHAI

LEVELS = [int(level) for level in Level]


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Row:
    code: str
    name: str
    reported: int = 0
    accepted: int = 0
    due: int = 0
    closed: int = 0
    on_time: int = 0
    handled: int = 0
    rework: int = 0
    ratings: int = 0
    rating_sum: float = 0.0
    by_level: dict[int, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    # Cases placed on the parent area itself, outside every child (e.g. outside all grids).
    own: bool = False

    @property
    def closure_rate(self) -> float | None:
        return _ratio(self.closed, self.due)

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.on_time, self.due)

    @property
    def rework_rate(self) -> float | None:
        return _ratio(self.rework, self.handled)

    @property
    def average_rating(self) -> float | None:
        return self.rating_sum / self.ratings if self.ratings else None

    @property
    def level_shares(self) -> dict[int, float | None]:
        total = sum(self.by_level.values())
        return {level: _ratio(n, total) for level, n in self.by_level.items()}

    def add(self, other: Row) -> None:
        for name in ("reported", "accepted", "due", "closed", "on_time", "handled", "rework"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.ratings += other.ratings
        self.rating_sum += other.rating_sum
        for level, n in other.by_level.items():
            self.by_level[level] += n

    def as_dict(self) -> dict[str, Any]:
        return {
            "area_code": self.code,
            "area_name": self.name,
            "own_area": self.own,
            "reported": self.reported,
            "accepted": self.accepted,
            "due": self.due,
            "closed": self.closed,
            "on_time": self.on_time,
            "closure_rate": self.closure_rate,
            "on_time_rate": self.on_time_rate,
            "handled": self.handled,
            "rework": self.rework,
            "rework_rate": self.rework_rate,
            "ratings": self.ratings,
            "average_rating": self.average_rating,
            "closed_by_level": {Level(k).name.lower(): v for k, v in self.by_level.items()},
            "level_shares": {Level(k).name.lower(): v for k, v in self.level_shares.items()},
        }


@dataclass
class Report:
    area: Area
    start: dt.datetime
    end: dt.datetime
    total: Row
    rows: list[Row]


def _between(name: str, start: dt.datetime, end: dt.datetime) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


# Counts per area-code prefix: one dict a prefix.
ValuesQuerySet = QuerySet[Any, dict[str, Any]]


def _case_counts(code: str, width: int, start: dt.datetime, end: dt.datetime) -> ValuesQuerySet:
    """Per area-code prefix of `width`: cases reported, accepted, due, closed, closed on time
    and closed at each level in [start, end). A case is due in the period when it closed in it
    before its deadline, or its deadline fell in it (`anchor`)."""
    anchor = Choose(
        When(
            Q(closed_at__isnull=False)
            & (Q(handle_due__isnull=True) | Q(closed_at__lt=F("handle_due"))),
            then=F("closed_at"),
        ),
        default=F("handle_due"),
    )
    due = (
        Q(accepted_at__isnull=False)
        & ~Q(status__in=[Status.REJECTED, Status.MERGED])
        & _between("anchor", start, end)
    )
    closed = due & Q(closed_at__isnull=False, closed_at__lt=end)
    on_time = closed & (Q(handle_due__isnull=True) | Q(closed_at__lte=F("handle_due")))
    levels = {
        f"level_{level}": Count("pk", filter=closed & Q(closed_level=level)) for level in LEVELS
    }
    return (
        Case.objects.filter(area_code__startswith=code)
        .annotate(anchor=anchor, prefix=Substr("area_code", 1, width))
        .filter(
            _between("reported_at", start, end)
            | _between("accepted_at", start, end)
            | _between("anchor", start, end)
        )
        .order_by()
        .values("prefix")
        .annotate(
            reported=Count("pk", filter=_between("reported_at", start, end)),
            accepted=Count("pk", filter=_between("accepted_at", start, end)),
            due=Count("pk", filter=due),
            closed=Count("pk", filter=closed),
            on_time=Count("pk", filter=on_time),
            **levels,
        )
    )


def _work_counts(code: str, width: int, start: dt.datetime, end: dt.datetime) -> ValuesQuerySet:
    """Per prefix: handlings (handled or resolved on the spot) and reworks in [start, end)."""
    return (
        CaseTransition.objects.filter(
            case__area_code__startswith=code,
            action__in=["handle", "resolve_on_spot", "verify_fail"],
        )
        .filter(_between("at", start, end))
        .annotate(prefix=Substr("case__area_code", 1, width))
        .order_by()
        .values("prefix")
        .annotate(
            handled=Count("pk", filter=Q(action__in=["handle", "resolve_on_spot"])),
            rework=Count("pk", filter=Q(action="verify_fail")),
        )
    )


def _rating_counts(code: str, width: int, start: dt.datetime, end: dt.datetime) -> ValuesQuerySet:
    """Per prefix: how many ratings were given in [start, end), and their sum."""
    return (
        Rating.objects.filter(case__area_code__startswith=code)
        .filter(_between("at", start, end))
        .annotate(prefix=Substr("case__area_code", 1, width))
        .order_by()
        .values("prefix")
        .annotate(n=Count("pk"), total=Sum("score"))
    )


def _local_day(moment: dt.datetime) -> dt.date | None:
    """The local day starting at `moment`, or None when it is not a local midnight."""
    local = moment.astimezone(SHANGHAI)
    return local.date() if local.time() == dt.time(0) else None


def _rolled_up(code: str, width: int, first: dt.date, after: dt.date) -> list[dict[str, Any]]:
    """The three sources' counts per prefix from the roll-ups, for the local days
    first ≤ day < after: the day table's sums, less the late closings whose deadline fell in
    the period but that closed on or after its end (none for a period up to today)."""
    levels = [f"level_{level}" for level in LEVELS]
    prefix = Substr("area_code", 1, width)
    sums = (
        "reported",
        "accepted",
        "due",
        "on_time",
        *levels,
        "late",
        *(f"late_{name}" for name in levels),
        "handled",
        "rework",
        "ratings",
        "rating_sum",
    )
    days = (
        CaseDayFigure.objects.filter(area_code__startswith=code, day__gte=first, day__lt=after)
        .annotate(prefix=prefix)
        .order_by()
        .values("prefix")
        .annotate(**{f"s_{name}": Sum(name) for name in sums})
    )
    crossing = {
        values["prefix"]: values
        for values in CaseLateFigure.objects.filter(
            area_code__startswith=code, due_day__gte=first, due_day__lt=after, closed_day__gte=after
        )
        .annotate(prefix=prefix)
        .order_by()
        .values("prefix")
        .annotate(s_closed=Sum("closed"), **{f"s_{name}": Sum(name) for name in levels})
    }
    return [_merged(values, crossing.get(values["prefix"], {})) for values in days]


def _merged(days: dict[str, Any], crossing: dict[str, Any]) -> dict[str, Any]:
    def get(source: dict[str, Any], name: str) -> int:
        return int(source.get(f"s_{name}") or 0)

    on_time = get(days, "on_time")
    values: dict[str, Any] = {
        "prefix": days["prefix"],
        "on_time": on_time,
        "closed": on_time + get(days, "late") - get(crossing, "closed"),
        "n": get(days, "ratings"),
        "total": get(days, "rating_sum"),
    }
    for name in ("reported", "accepted", "due", "handled", "rework"):
        values[name] = get(days, name)
    for level in LEVELS:
        name = f"level_{level}"
        values[name] = get(days, name) + get(days, f"late_{name}") - get(crossing, name)
    return values


def compute(area: Area, start: dt.datetime, end: dt.datetime) -> Report:
    """The indicators of `area` in [start, end), one row per child area (or the area itself
    when it has none), plus a row for cases placed on the area itself (outside its
    children), and the total. From the roll-ups when the period is whole local days; read
    from the replica when one is configured (`core.replica`)."""
    first, after = _local_day(start), _local_day(end)
    with replica.reads():
        if first is None or after is None:
            return recount(area, start, end)
        return _report(
            area,
            start,
            end,
            lambda code, width: (rows := _rolled_up(code, width, first, after), rows, rows),
        )


def recount(area: Area, start: dt.datetime, end: dt.datetime) -> Report:
    """`compute` by counting the cases, their history and ratings themselves."""
    return _report(
        area,
        start,
        end,
        lambda code, width: (
            _case_counts(code, width, start, end),
            _work_counts(code, width, start, end),
            _rating_counts(code, width, start, end),
        ),
    )


Sources = tuple[Any, Any, Any]


def _report(
    area: Area, start: dt.datetime, end: dt.datetime, sources: Callable[[str, int], Sources]
) -> Report:
    children = list(Area.objects.filter(parent=area, active=True).order_by("code"))
    units = children or [area]
    width = len(units[0].code)
    rows = {a.code: Row(a.code, a.name) for a in units}
    own = Row(area.code, area.name, own=True)

    def row(prefix: str) -> Row:
        return rows.get(prefix, own)

    case_counts, work_counts, rating_counts = sources(area.code, width)
    for values in case_counts:
        r = row(values["prefix"])
        for name in ("reported", "accepted", "due", "closed", "on_time"):
            setattr(r, name, getattr(r, name) + values[name])
        for level in LEVELS:
            r.by_level[level] += values[f"level_{level}"]
    for values in work_counts:
        r = row(values["prefix"])
        r.handled += values["handled"]
        r.rework += values["rework"]
    for values in rating_counts:
        r = row(values["prefix"])
        r.ratings += values["n"]
        r.rating_sum += float(values["total"] or 0)

    out = [rows[a.code] for a in units]
    if children and (
        own.reported or own.accepted or own.due or own.handled or own.rework or own.ratings
    ):
        out.append(own)
    total = Row(area.code, area.name)
    for r in out:
        total.add(r)
    if not children:
        total = out[0]
    return Report(area, start, end, total, out)


# A run of periods (the trends' weeks or months) in three queries.


@dataclass
class Span:
    """One period of a series: the area's indicators (`compute(...).total`) and the cases open
    at its end (reported before it, not closed before it, neither rejected nor merged)."""

    first: dt.date
    last: dt.date  # inclusive
    total: Row
    open_at_end: int = 0


GONE_STATUSES = sorted(str(s) for s in GONE)


def still_open(code: str) -> int:
    """Cases under `code` not closed, neither rejected nor merged (the open roll-up)."""
    found = CaseOpenFigure.objects.filter(area_code__startswith=code).aggregate(n=Sum("unclosed"))
    return int(found["n"] or 0)


def series(area: Area, spans: list[tuple[dt.date, dt.date]]) -> list[Span]:
    """For each span of local days (first, last), what `compute(area, *bounds(first, last))`
    totals and the cases open at its end, from the roll-ups: the day table's sums per day from
    the first span on, the late closings per (deadline day, closing day) of the spans, and the
    cases still open now (open at a midnight = still open − the days since of opened − closed
    on)."""
    if not spans:
        return []
    levels = [f"level_{level}" for level in LEVELS]
    sums = DAY_COLUMNS  # every column of the day table
    lo = min(first for first, _ in spans)
    with replica.reads():
        days = list(
            CaseDayFigure.objects.filter(area_code__startswith=area.code, day__gte=lo)
            .order_by()
            .values("day")
            .annotate(**{f"s_{name}": Sum(name) for name in sums})
        )
        # Only the crossings: a deadline in a span, closed on or after the span's end.
        crossings = Q()
        for first, last in spans:
            after = last + dt.timedelta(days=1)
            crossings |= Q(due_day__gte=first, due_day__lt=after, closed_day__gte=after)
        late = list(
            CaseLateFigure.objects.filter(crossings, area_code__startswith=area.code)
            .order_by()
            .values("due_day", "closed_day")
            .annotate(s_closed=Sum("closed"), **{f"s_{name}": Sum(name) for name in levels})
        )
        base = still_open(area.code)
    out = []
    for first, last in spans:
        after = last + dt.timedelta(days=1)
        summed: dict[str, Any] = {"prefix": area.code}
        for values in days:
            if first <= values["day"] < after:
                for name in sums:
                    summed[f"s_{name}"] = summed.get(f"s_{name}", 0) + (values[f"s_{name}"] or 0)
        crossing: dict[str, Any] = {}
        for values in late:
            if first <= values["due_day"] < after <= values["closed_day"]:
                for name in ("closed", *levels):
                    key = f"s_{name}"
                    crossing[key] = crossing.get(key, 0) + (values[key] or 0)
        merged = _merged(summed, crossing)
        total = Row(area.code, area.name)
        for name in ("reported", "accepted", "due", "closed", "on_time", "handled", "rework"):
            setattr(total, name, merged[name])
        for level in LEVELS:
            total.by_level[level] = merged[f"level_{level}"]
        total.ratings, total.rating_sum = merged["n"], float(merged["total"] or 0)
        since = sum(
            (v["s_opened"] or 0) - (v["s_closed_on"] or 0) for v in days if v["day"] >= after
        )
        out.append(Span(first, last, total, base - since))
    return out


def open_at(area: Area, moment: dt.datetime) -> int:
    """The cases under `area` open at `moment`, counted from the cases (the reference)."""
    return (
        Case.objects.filter(area_code__startswith=area.code, reported_at__lt=moment)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=moment))
        .exclude(status__in=GONE_STATUSES)
        .count()
    )
