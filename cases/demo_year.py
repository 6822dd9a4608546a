"""Demo cases: the year before the load day, shaped like a real district's (道里/曲阜/石狮 count
theirs in the hundreds of thousands a year; the demo keeps to a few thousand at scale 1).

- Seasonal: waterlogging and fallen trees in the plum-rain season (梅雨, June–July) and the
  typhoon months (August–September), e-bike charging, fire lanes, gas and street lights in
  winter, rubbish and unpaid wages around the Spring Festival, noise disputes in summer.
- Hotspots: a few places per such category come back week after week (a market's rubbish,
  a low road's waterlogging, a building whose residents charge e-bikes in the stairwell).
- Most cases closed on time; a few handled in time but closed after the deadline (the
  verification slipped), a few missed it while in progress and were escalated by the sweep
  (督办); a few rejected. Most solved at the grid ("微事不出格"), many on the spot by the grid
  worker on patrol; the rest by the community, a few above.
- Channels: the app, the grid workers' patrols, the 12345 and 96345 hotlines; the residents
  rate most closed cases satisfied.

Every case ended before the load day and is written in bulk (`generate`), with the rows the
actions would have left (the same writer as the recent cases, `cases.demo._case` and
`_history`: transitions, deadlines from the holiday calendar, levels, ratings, area codes).
Its random stream is its own, and every draw that shapes a row's status, level, channel or
history is made whatever the day: only the day a case falls on (and so the season's
category within the drawn level) and the clock times follow the load day.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import shapely
from django.utils import timezone

from accounts.models import RoleAssignment
from accounts.roles import Role
from areas.models import Building, ServiceKind, ServicePoint
from cases.deadlines import Calendar, deadline
from cases.demo import PATHS, TEXTS, Timeline, _case, _history, _people
from cases.models import Case, CaseTransition, Category, Channel, Rating
from cases.workflow import Level, Status
from core.timeutil import SHANGHAI

# Cases a year at scale 1 (about 16 a day for 112 grids).
PER_YEAR = 5_000
DAYS = 365
# The Spring Festival (春节, the first day of the lunar year) by year.
SPRING_FESTIVAL = {
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
    2031: dt.date(2031, 1, 23),
    2032: dt.date(2032, 2, 11),
}
# Who first handles a case: most at the grid, fewer above (微事不出格、小事不出村、大事不出镇).
LEVEL_WEIGHTS = [
    (Level.GRID, 66),
    (Level.COMMUNITY, 27),
    (Level.SUBDISTRICT, 4),
    (Level.DISTRICT, 3),
]
# How a case ended: on time; handled in time but closed after the deadline; overdue (the
# sweep escalated it, and it was closed at the level above); rejected.
OUTCOMES = [("on_time", 86), ("late_close", 6), ("overdue", 5), ("rejected", 3)]
# A grid-level case found on patrol is often solved on the spot.
ON_SPOT = 0.55
CHANNELS = [
    (Channel.APP, 40),
    (Channel.PATROL, 35),
    (Channel.HOTLINE_12345, 20),
    (Channel.HOTLINE_96345, 5),
]
# A case at one of its category's hotspots (where the category has them).
AT_HOTSPOT = 0.35
SEASONAL_TEXTS = {
    "S0601": ["路口积水没过脚踝，行人只能绕行", "地下车库进水了", "雨后小区门口积水很深"],
    "B0401": ["台风过后行道树倒在人行道上", "大树被风刮断，压住了电线"],
    "Z0202": ["楼道里有人给电动车充电", "电动车推进电梯上楼充电", "电瓶拿回家里充电，有隐患"],
    "S0402": ["闻到煤气味，楼道里很浓", "燃气管道接口好像漏气"],
    "Z0104": ["年底了工地还拖欠农民工工资", "店铺老板拖欠员工工资两个月"],
    "S0101": ["市场门口垃圾堆了好几天，有异味", "过年垃圾多，垃圾房满了没人清"],
}


def _season(code: str, day: dt.date) -> float:
    """How common a category is on `day` against its usual (1)."""
    month = day.month
    festival = min(
        (abs((day - f).days) for y, f in SPRING_FESTIVAL.items() if abs(y - day.year) <= 1),
        default=999,
    )
    plum_rain = month in (6, 7)
    typhoon = month in (8, 9)
    winter = month in (11, 12, 1, 2)
    if code in ("S0601", "S0401"):  # waterlogging, road collapse
        return 5.0 if plum_rain else 4.0 if typhoon else 0.6
    if code == "B0401":  # fallen trees
        return 6.0 if typhoon else 1.5 if plum_rain else 0.5
    if code in ("Z0202", "Z0201", "S0402"):  # e-bike charging, fire lanes, gas: heating season
        return 3.0 if winter else 0.7
    if code == "B0103":  # street lights: long nights
        return 2.0 if winter else 0.8
    if code in ("S0101", "B0301", "Z0302"):  # rubbish around the Spring Festival
        return 3.5 if festival <= 21 else 1.0
    if code == "Z0104":  # wages before the Spring Festival
        return 5.0 if 0 <= (_next_festival(day) - day).days <= 45 else 0.6
    if code in ("Z0101", "S0301"):  # noise: windows open in summer
        return 1.8 if month in (6, 7, 8) else 0.9
    return 1.0


def _next_festival(day: dt.date) -> dt.date:
    return min((f for f in SPRING_FESTIVAL.values() if f >= day), default=day)


def generate(ctx: Any) -> None:
    grids = [g for g in ctx.data.get("grids", []) if g.boundary]
    if not grids:
        return
    rng = random.Random(f"linli-demo-year-{ctx.seed}")
    cal = Calendar.load()
    people = _people(ctx, grids)
    leaves = list(Category.objects.filter(active=True, children__isnull=True).order_by("code"))
    by_level: dict[int, list[Category]] = {
        int(level): [c for c in leaves if max(int(c.first_level), 0) == level]
        for level, _w in LEVEL_WEIGHTS
    }
    _WEIGHTS.clear()
    spots = _hotspots(rng, grids, people["shapes"], leaves)
    reporters = _reporters(people["resident"])
    now = timezone.now()
    today = now.astimezone(SHANGHAI).date()
    days = [today - dt.timedelta(days=k) for k in range(1, DAYS + 1)]
    weights = _cumulative([_day_weight(day) for day in days])
    cases: list[Case] = []
    plans: list[tuple[list[str], list[dt.datetime], dt.datetime | None]] = []
    for k in range(max(60, int(PER_YEAR * ctx.scale))):
        d = _draws(rng, k, grids, by_level, (days, weights), spots, people, reporters)
        case, path, times, missed = _case(
            d, people, cal, now, _timeline(d, d["category"], cal, d["reported"], now)
        )
        cases.append(case)
        plans.append((path, times, missed))
    write(cases, plans, rng, now)
    ctx.log(f"cases: {len(cases)} cases over the year before {today}")


def write(
    cases: list[Case],
    plans: list[tuple[list[str], list[dt.datetime], dt.datetime | None]],
    rng: random.Random,
    now: dt.datetime,
) -> None:
    """Insert the year's cases, their history and ratings in bulk (the only writer of them;
    anything kept from case rows, such as a daily rollup, is rebuilt after it)."""
    Case.objects.bulk_create(cases, batch_size=1000)
    # None: the demo resident's own cases are the recent ones (one waits for their rating).
    history, ratings = _history(rng, cases, plans, None, now)
    CaseTransition.objects.bulk_create(history, batch_size=5000)
    Rating.objects.bulk_create(ratings, batch_size=2000)
    Case.objects.bulk_update([c for c in cases if c.rating], ["rating"], batch_size=2000)


def _reporters(demo_resident: Any) -> list[Any]:
    """Residents with an account who report in the app (anywhere in the district: 随手拍),
    the demo resident aside."""
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(role=Role.RESIDENT)
        .select_related("user")
        .order_by("user_id")
        if ra.user != demo_resident
    ]


def _grid_of(shapes: dict[int, Any], grids: list[Any], x: float, y: float) -> Any:
    point = shapely.Point(x, y)
    return min(grids, key=lambda g: shapes[g.pk].distance(point))


def _hotspots(
    rng: random.Random, grids: list[Any], shapes: dict[int, Any], leaves: list[Category]
) -> dict[str, list[tuple[Any, tuple[float, float], str]]]:
    """A few recurring places (grid, point, address) per seasonal or place-bound category: the
    markets' rubbish and street trading, low roads' waterlogging, tall buildings' e-bikes."""
    codes = {c.code for c in leaves}
    markets = list(
        ServicePoint.objects.filter(kind=ServiceKind.MARKET)
        .order_by("code")
        .values_list("lon", "lat", "name")
    )
    buildings = list(
        Building.objects.filter(floors__gte=11, grid__isnull=False)
        .order_by("code")
        .values_list("lon", "lat", "name")[:400]
    )
    spots: dict[str, list[tuple[Any, tuple[float, float], str]]] = {}

    def add(code: str, places: list[tuple[float, float, str]], n: int, suffix: str) -> None:
        if code in codes and places:
            for x, y, name in rng.sample(places, min(n, len(places))):
                spots.setdefault(code, []).append(
                    (_grid_of(shapes, grids, x, y), (x, y), f"{name}{suffix}")
                )

    add("S0101", markets, 3, "门口")
    add("S0501", markets, 2, "周边")
    add("Z0202", buildings, 3, "楼道")
    add("Z0201", buildings, 2, "消防通道")
    low = []
    for grid in rng.sample(grids, min(3, len(grids))):
        c = shapes[grid.pk].representative_point()
        low.append((round(c.x, 6), round(c.y, 6), f"{grid.name}低洼路段"))
    add("S0601", low, 3, "")
    return spots


def _draws(
    rng: random.Random,
    k: int,
    grids: list[Any],
    by_level: dict[int, list[Category]],
    calendar: tuple[list[dt.date], list[float]],
    spots: dict[str, list[tuple[Any, tuple[float, float], str]]],
    people: dict,
    reporters: list[Any],
) -> dict:
    """Every random choice of one case, always the same number in the same order whatever the
    day; the day's season weighs the category within its drawn level and the day itself."""
    level = rng.choices([lv for lv, _w in LEVEL_WEIGHTS], [w for _l, w in LEVEL_WEIGHTS])[0]
    # The day: a year's cases bunch in the wet and cold months (weights follow the calendar).
    day = rng.choices(calendar[0], cum_weights=calendar[1])[0]
    pool = by_level.get(level) or [c for cs in by_level.values() for c in cs]
    category = rng.choices(pool, cum_weights=_category_weights(level, day, pool))[0]
    outcome = rng.choices([o for o, _w in OUTCOMES], [w for _o, w in OUTCOMES])[0]
    channel = rng.choices([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])[0]
    on_spot = rng.random() < ON_SPOT
    hotspot = rng.random() < AT_HOTSPOT
    pick, neighbour = rng.random(), rng.random()
    grid = rng.choice(grids)
    point_draw = (rng.random(), rng.random())
    text_draw, hour = rng.random(), rng.uniform(7.5, 21.5)
    d: dict[str, Any] = {
        "i": 4 * k + 9,  # never the demo resident's own (cases.demo._case)
        "category": category,
        "level": level,
        "outcome": outcome,
        # The grid worker solves it there and then: a grid-level case found on patrol.
        "on_spot": outcome == "on_time" and level == Level.GRID and on_spot,
        "channel": channel,
        "neighbour": neighbour,
        "anonymous": rng.random() < 0.1,
        "rework": False,  # a reworked case's history would need its rework steps
        "phone": f"139{rng.randrange(10**8):08d}",
        "shares": [rng.uniform(0.1, 0.9) for _ in range(4)],
    }
    if d["on_spot"]:
        d["channel"] = Channel.PATROL
    if d["channel"] == Channel.APP:
        if reporters:
            d["reporters"] = reporters
        else:  # no resident has an account: the call comes through the hotline
            d["channel"] = Channel.HOTLINE_12345
    places = spots.get(category.code)
    if hotspot and places:
        grid, point, address = places[int(pick * len(places))]
        d.update(grid=grid, point=point, address=address)
    else:
        shape = people["shapes"][grid.pk]
        minx, miny, maxx, maxy = shape.bounds
        x = minx + (maxx - minx) * point_draw[0]
        y = miny + (maxy - miny) * point_draw[1]
        if not shape.contains(shapely.Point(x, y)):
            p = shape.representative_point()
            x, y = p.x, p.y
        d.update(grid=grid, point=(round(x, 6), round(y, 6)))
    texts = (
        SEASONAL_TEXTS.get(category.code)
        or TEXTS.get(category.code)
        or TEXTS.get(category.code[:3], ["需要帮忙处理"])
    )
    d["text"] = texts[int(text_draw * len(texts))]
    local = dt.datetime.combine(day, dt.time(int(hour), int(hour % 1 * 60)), tzinfo=SHANGHAI)
    d["reported"] = local.astimezone(dt.UTC)
    return d


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


_WEIGHTS: dict[tuple[int, dt.date], list[float]] = {}


def _category_weights(level: int, day: dt.date, pool: list[Category]) -> list[float]:
    key = (level, day)
    if key not in _WEIGHTS:
        _WEIGHTS[key] = _cumulative([_season(c.code, day) * _common(c) for c in pool])
    return _WEIGHTS[key]


def _day_weight(day: dt.date) -> float:
    """More cases in the wet months and around the Spring Festival, fewer on its holiday."""
    weight = {6: 1.3, 7: 1.3, 8: 1.2, 9: 1.2, 1: 1.1, 12: 1.1}.get(day.month, 1.0)
    festival = _next_festival(day - dt.timedelta(days=7))
    if 0 <= (day - festival).days <= 6:
        weight *= 0.5  # the holiday week itself is quiet
    return weight


def _common(category: Category) -> float:
    """How often a category comes up, before its season: the street's everyday problems most."""
    return {
        "S0101": 5,
        "S0502": 4,
        "S0501": 3,
        "S0102": 3,
        "Z0302": 3,
        "Z0202": 2,
        "B0301": 3,
        "Z0101": 2,
        "S0601": 1.5,
        "B0103": 1.5,
    }.get(category.code, 1)


def _timeline(
    d: dict, cat: Category, cal: Calendar, reported: dt.datetime, now: dt.datetime
) -> Timeline:
    """The steps of an ended case from its report: within its deadlines, or handled in time
    and closed late, or past its deadline in progress (the sweep escalated it then, with a new
    deadline at the level above, within which it was closed). Moved back to end before now."""
    start = reported
    for _ in range(8):
        found = _steps(d, cat, cal, start)
        end = found[1][-1]
        if end <= now - dt.timedelta(hours=1):
            return found
        start -= end - now + dt.timedelta(hours=2)
    return found


def _steps(d: dict, cat: Category, cal: Calendar, reported: dt.datetime) -> Timeline:
    shares = d["shares"]
    if d["outcome"] == "rejected":
        return (
            ["report", "reject"],
            [reported, reported + dt.timedelta(hours=1 + shares[0])],
            None,
            None,
        )
    if d["on_spot"]:
        done = reported + dt.timedelta(minutes=10 + 80 * shares[0])
        return ["report", "resolve_on_spot"], [reported, done], None, None
    accept_due = deadline(reported, cat.accept_limit, cat.accept_unit, cal)
    accepted = reported + (accept_due - reported) * shares[0] * 0.8
    due = deadline(accepted, cat.handle_limit, cat.handle_unit, cal)
    window = due - accepted
    path = PATHS[Status.CLOSED]
    top = max(int(cat.first_level), 0) >= Level.DISTRICT
    if d["outcome"] == "overdue" and not top:
        # In progress when the deadline passed: escalated then, closed before the new one.
        after = deadline(due, cat.handle_limit, cat.handle_unit, cal)
        again = after - due
        times = [
            reported,
            accepted,
            accepted + window * 0.05,
            accepted + window * 0.3,
            due + again * (0.2 + 0.3 * shares[1]),
            due + again * (0.6 + 0.1 * shares[2]),
            due + again * (0.75 + 0.2 * shares[3]),
        ]
        return path, times, due, after
    if d["outcome"] == "late_close":
        # Handled in time; the verification came after the deadline (not swept: handled).
        times = [
            reported,
            accepted,
            accepted + window * 0.05,
            accepted + window * 0.2,
            accepted + window * (0.7 + 0.25 * shares[1]),
            due + window * (0.1 + 0.5 * shares[2]),
            due + window * (0.7 + 0.5 * shares[3]),
        ]
        return path, times, None, None
    s = 0.3 + 0.65 * shares[1]
    times = [reported, accepted] + [
        accepted + window * s * f for f in (0.05, 0.15, 0.7 + 0.1 * shares[2], 0.85, 1.0)
    ]
    return path, times, None, None
