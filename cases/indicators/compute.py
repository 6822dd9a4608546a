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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, When
from django.db.models import Case as Choose
from django.db.models.functions import Substr

from areas.models import Area
from cases.models import Case, CaseTransition, Rating
from cases.workflow import Level, Status

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
    """Per prefix: how many ratings were given in [start, end), and their average."""
    return (
        Rating.objects.filter(case__area_code__startswith=code)
        .filter(_between("at", start, end))
        .annotate(prefix=Substr("case__area_code", 1, width))
        .order_by()
        .values("prefix")
        .annotate(n=Count("pk"), avg=Avg("score"))
    )


def compute(area: Area, start: dt.datetime, end: dt.datetime) -> Report:
    """The indicators of `area` in [start, end), one row per child area (or the area itself
    when it has none), plus a row for cases placed on the area itself (outside its
    children), and the total."""
    children = list(Area.objects.filter(parent=area, active=True).order_by("code"))
    units = children or [area]
    width = len(units[0].code)
    rows = {a.code: Row(a.code, a.name) for a in units}
    own = Row(area.code, area.name, own=True)

    def row(prefix: str) -> Row:
        return rows.get(prefix, own)

    for values in _case_counts(area.code, width, start, end):
        r = row(values["prefix"])
        for name in ("reported", "accepted", "due", "closed", "on_time"):
            setattr(r, name, getattr(r, name) + values[name])
        for level in LEVELS:
            r.by_level[level] += values[f"level_{level}"]
    for values in _work_counts(area.code, width, start, end):
        r = row(values["prefix"])
        r.handled += values["handled"]
        r.rework += values["rework"]
    for values in _rating_counts(area.code, width, start, end):
        r = row(values["prefix"])
        r.ratings += values["n"]
        r.rating_sum += float(values["avg"]) * values["n"]

    out = [rows[a.code] for a in units]
    if children and (own.reported or own.accepted or own.due or own.handled or own.ratings):
        out.append(own)
    total = Row(area.code, area.name)
    for r in out:
        total.add(r)
    if not children:
        total = out[0]
    return Report(area, start, end, total, out)
