"""Trends by week or month (Asia/Shanghai): cases reported by category, channel and level;
reported, closed and still open; the on-time closure rate and the average rating.

Each bucket's reported, closed, on-time rate and rating are the indicators' own figures for that
bucket, and "open at the bucket's end" the cases open at its last midnight: both from the
roll-ups in one go (`compute.series`, equal to `compute` per bucket); the breakdowns are one
grouped query over the cases reported in the range (an index-only scan of `case_list_idx`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.translation import pgettext

from areas.models import Area
from cases.indicators.compute import series
from cases.indicators.selectors import bounds
from cases.models import Case, Category, Channel
from cases.workflow import Level
from core.timeutil import SHANGHAI, today

WEEKS = 12
MONTHS = 12
TOP_CATEGORIES = 6


@dataclass
class Bucket:
    start: dt.date  # first day
    end: dt.date  # last day (inclusive)
    reported: int = 0
    closed: int = 0
    due: int = 0
    open_at_end: int = 0
    on_time_rate: float | None = None
    average_rating: float | None = None
    ratings: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)


@dataclass
class Trends:
    by: str
    buckets: list[Bucket]
    categories: list[str]  # the series' names, the largest first ("other" last)
    channels: list[tuple[str, str]]
    levels: list[tuple[str, str]]


def buckets(by: str, on: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The last WEEKS weeks (Monday to Sunday) or MONTHS months up to the one holding `on`."""
    out = []
    if by == "month":
        first = on.replace(day=1)
        for _i in range(MONTHS):
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            out.append((first, last - dt.timedelta(days=1)))
            first = (first - dt.timedelta(days=1)).replace(day=1)
    else:
        first = on - dt.timedelta(days=on.weekday())
        for _i in range(WEEKS):
            out.append((first, first + dt.timedelta(days=6)))
            first -= dt.timedelta(days=7)
    return list(reversed(out))


def _top_category(categories: dict[int, Category]) -> dict[int, str]:
    """Each category → the label of its top ancestor (the series a chart can hold)."""
    out = {}
    for pk, c in categories.items():
        top = c
        while top.parent_id and top.parent_id in categories:
            top = categories[top.parent_id]
        out[pk] = top.label
    return out


def trends(
    area: Area,
    by: str = "week",
    on: dt.date | None = None,
    *,
    flow: bool = True,
    breakdowns: bool = True,
) -> Trends:
    """The buckets' flow (reported, closed, open at the end, on-time rate, rating) from the
    roll-ups; with `breakdowns`, also reported by category, channel and level (a scan of the
    range's cases: the page loads those after its first paint, `break_down`, and that section
    asks for no flow)."""
    on = on or today()
    spans = buckets(by, on)
    found = [Bucket(a, b) for a, b in spans]
    for bucket, span in zip(found, series(area, spans) if flow else [], strict=False):
        total = span.total
        bucket.reported, bucket.closed, bucket.due = total.reported, total.closed, total.due
        bucket.on_time_rate, bucket.average_rating = total.on_time_rate, total.average_rating
        bucket.ratings, bucket.open_at_end = total.ratings, span.open_at_end
    levels = {str(v): str(label) for v, label in Level.choices}
    out = Trends(
        by,
        found,
        [],
        [(str(v), str(label)) for v, label in Channel.choices],
        list(levels.items()),
    )
    if breakdowns:
        break_down(area, out)
    return out


def break_down(area: Area, found: Trends) -> None:
    """Fill the buckets' cases reported by top category (the five largest and "other"),
    channel and level: one grouped query over the cases reported in the range."""
    spans = [(b.start, b.end) for b in found.buckets]
    start, _ = bounds(spans[0][0], spans[0][0])
    _, end = bounds(spans[-1][1], spans[-1][1])
    by = found.by
    mine = Case.objects.filter(area_code__startswith=area.code)
    trunc = TruncMonth if by == "month" else TruncWeek
    rows = (
        mine.filter(reported_at__gte=start, reported_at__lt=end)
        .annotate(bucket=trunc("reported_at", tzinfo=SHANGHAI))
        .order_by()
        .values_list("bucket", "category_id", "channel", "level")
        .annotate(n=Count("pk"))
    )
    top = _top_category({c.pk: c for c in Category.objects.all()})
    index = {b.start: b for b in found.buckets}
    totals: dict[str, int] = {}
    for moment, category, channel, level, n in rows:
        day = moment.astimezone(SHANGHAI).date() if isinstance(moment, dt.datetime) else moment
        into = index.get(day)
        if into is None:
            continue
        name = top.get(category, "")
        into.by_category[name] = into.by_category.get(name, 0) + n
        totals[name] = totals.get(name, 0) + n
        into.by_channel[channel] = into.by_channel.get(channel, 0) + n
        key = str(level)
        into.by_level[key] = into.by_level.get(key, 0) + n
    names = sorted(totals, key=lambda k: -totals[k])
    if len(names) > TOP_CATEGORIES:
        other = pgettext("category", "Other")
        kept = set(names[: TOP_CATEGORIES - 1])
        for bucket in found.buckets:
            rest = sum(n for k, n in bucket.by_category.items() if k not in kept)
            bucket.by_category = {k: n for k, n in bucket.by_category.items() if k in kept}
            bucket.by_category[other] = rest
        names = [*names[: TOP_CATEGORIES - 1], other]

    found.categories = names
