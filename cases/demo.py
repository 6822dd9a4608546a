"""Demo cases: a holiday calendar and a few hundred cases in every state across the district.

Built with bulk_create (not through the actions) so `load_demo` stays fast; the rows
follow the same paths through the transition table that the actions would write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import shapely
from django.utils import timezone

from accounts.models import RoleAssignment
from accounts.roles import Role
from cases import routing
from cases.deadlines import Calendar, deadline, forget_calendar
from cases.models import (
    CalendarDay,
    Case,
    CaseTransition,
    Category,
    Channel,
    DayKind,
    Rating,
    TimeUnit,
)
from cases.seed import seed_categories
from cases.workflow import RUNNING, Level, Status

# The 2025 public holidays and make-up working days (国务院办公厅 notice of 12 November 2024):
# the year of cases before the load day reaches back into 2025.
HOLIDAYS_2025 = [
    ("2025-01-01", "2025-01-01", "元旦"),
    ("2025-01-28", "2025-02-04", "春节"),
    ("2025-04-04", "2025-04-06", "清明节"),
    ("2025-05-01", "2025-05-05", "劳动节"),
    ("2025-05-31", "2025-06-02", "端午节"),
    ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
]
WORKDAYS_2025 = [
    ("2025-01-26", "春节调休"),
    ("2025-02-08", "春节调休"),
    ("2025-04-27", "劳动节调休"),
    ("2025-09-28", "国庆节调休"),
    ("2025-10-11", "国庆节调休"),
]
# The 2026 public holidays and make-up working days (国务院办公厅 notice).
HOLIDAYS_2026 = [
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
]
WORKDAYS_2026 = [
    ("2026-01-04", "元旦调休"),
    ("2026-02-14", "春节调休"),
    ("2026-02-28", "春节调休"),
    ("2026-05-09", "劳动节调休"),
    ("2026-09-20", "国庆节调休"),
    ("2026-10-10", "国庆节调休"),
]

PATHS = {
    Status.REPORTED: ["report"],
    Status.ACCEPTED: ["report", "accept"],
    Status.DISPATCHED: ["report", "accept", "dispatch"],
    Status.IN_PROGRESS: ["report", "accept", "dispatch", "start"],
    Status.HANDLED: ["report", "accept", "dispatch", "start", "handle"],
    Status.VERIFIED: ["report", "accept", "dispatch", "start", "handle", "verify_pass"],
    Status.CLOSED: ["report", "accept", "dispatch", "start", "handle", "verify_pass", "close"],
    Status.REJECTED: ["report", "reject"],
}
STEP_STATUS = {
    "report": Status.REPORTED,
    "accept": Status.ACCEPTED,
    "dispatch": Status.DISPATCHED,
    "start": Status.IN_PROGRESS,
    "handle": Status.HANDLED,
    "verify_pass": Status.VERIFIED,
    "close": Status.CLOSED,
    "reject": Status.REJECTED,
    "resolve_on_spot": Status.CLOSED,
}
WEIGHTS = [
    (Status.REPORTED, 8),
    (Status.ACCEPTED, 5),
    (Status.DISPATCHED, 10),
    (Status.IN_PROGRESS, 10),
    (Status.HANDLED, 6),
    (Status.VERIFIED, 3),
    (Status.CLOSED, 50),
    (Status.REJECTED, 3),
]
# What residents write, by category (a leaf code, else its group's).
TEXTS = {
    "B0101": ["井盖不见了，很危险", "人行道上井盖缺失，晚上容易踩空"],
    "B0102": ["井盖松动，车辆经过有响声", "井盖裂了，边上塌了一块"],
    "B0103": ["路灯晚上不亮，行人看不清", "路灯白天一直亮着"],
    "B0501": ["消防栓被撞歪了", "公交站牌倒了"],
    "S0101": ["楼下垃圾堆了好几天，有异味", "河边有人倒垃圾"],
    "S0102": ["门口乱堆建筑材料", "楼道里堆满了旧家具"],
    "S0601": ["小区门口积水很深，出行不便", "路边有死鸟，请处理一下"],
    "Z0101": ["楼上漏水到楼下，两家起了争执", "邻居装修噪音纠纷"],
    "Z0102": ["物业费纠纷", "物业不修电梯，业主拒交物业费"],
    "Z0103": ["夫妻经常吵架，孩子受影响", "老人赡养问题家里谈不拢"],
    "Z0104": ["工地拖欠农民工工资", "店铺老板拖欠员工工资两个月"],
    "Z0201": ["消防通道被杂物堵了", "消防通道停满了车"],
    "Z0202": ["楼道里有人给电动车充电", "电动车推进电梯上楼充电"],
    "Z0203": ["阳台花盆有坠落危险", "外墙瓷砖松动，随时可能掉下来"],
    "B01": ["井盖松动，车辆经过有响声", "路灯晚上不亮，行人看不清", "井盖缺失，很危险"],
    "B02": ["路口交通标志被撞歪", "护栏断了一截"],
    "B03": ["垃圾箱满了没人清", "公厕水龙头坏了"],
    "B04": ["行道树被风吹倒压住人行道", "绿化带被踩秃了"],
    "S01": ["楼下垃圾堆了好几天，有异味", "门口乱堆建筑材料"],
    "S02": ["单元门口贴满小广告"],
    "S03": ["工地晚上十点后还在施工", "渣土车洒了一路"],
    "S04": ["路面出现塌陷坑", "闻到煤气味"],
    "S05": ["早市占道经营，堵住消防通道", "小区门口乱停车"],
    "Z01": ["楼上漏水到楼下，两家起了争执", "物业费纠纷", "邻居装修噪音纠纷"],
    "Z02": ["楼道里有人给电动车充电", "消防通道被杂物堵了", "阳台花盆有坠落危险"],
    "Z03": ["电梯经常停运", "小区卫生没人打扫"],
    "Z04": ["想咨询老年人补贴怎么申请", "需要帮忙办理居住证"],
    "Z05": ["独居老人几天没出门，请上门看看", "困难家庭需要帮扶"],
}


def _calendar() -> None:
    rows = []
    for start, end, name in HOLIDAYS_2025 + HOLIDAYS_2026:
        day = dt.date.fromisoformat(start)
        while day <= dt.date.fromisoformat(end):
            rows.append(CalendarDay(date=day, kind=DayKind.HOLIDAY, name=name))
            day += dt.timedelta(days=1)
    rows += [
        CalendarDay(date=dt.date.fromisoformat(d), kind=DayKind.WORKDAY, name=n)
        for d, n in WORKDAYS_2025 + WORKDAYS_2026
    ]
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    forget_calendar()


def _point_in(rng: Any, geom: Any) -> tuple[float, float]:
    minx, miny, maxx, maxy = geom.bounds
    for _ in range(50):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if geom.contains(shapely.Point(x, y)):
            return round(x, 6), round(y, 6)
    c = geom.representative_point()
    return c.x, c.y


# Most running cases are on time, as in a real week; this share missed a deadline and was
# escalated one level by the sweep (督办).
OVERDUE_SHARE = 0.15
# Hours from one step of a case to the next (whole draws, so that the random stream is the same
# whatever the day: a draw never depends on the clock).
STEP_HOURS = (0.2, 30.0)


def _nominal(amount: int, unit: str) -> dt.timedelta:
    """A stage's limit as clock time, to start searching from."""
    if unit == TimeUnit.WORKING_DAYS:
        return dt.timedelta(days=max(amount, 1))
    return dt.timedelta(hours=amount)


def _start_on_time(
    now: dt.datetime, amount: int, unit: str, cal: Calendar, share: float
) -> dt.datetime:
    """When a stage began that is still within its deadline now: `share` of its limit ago,
    closer to now where weekends or holidays (or the end of a working day) would have made
    it late."""
    elapsed = _nominal(amount, unit) * max(share, 0.05)
    for _ in range(40):
        if deadline(now - elapsed, amount, unit, cal) > now:
            break
        elapsed /= 2
    return now - elapsed


def _start_missed(
    now: dt.datetime, amount: int, unit: str, cal: Calendar, hours_ago: float, top: bool
) -> tuple[dt.datetime, dt.datetime, dt.datetime] | None:
    """(start, missed deadline, deadline at the level above) of a stage whose deadline passed
    about `hours_ago` hours ago and whose escalated deadline (from the sweep at the missed one)
    is still ahead; at the top level there is no level above and the missed one stays.
    None when no such moment is found."""
    step = _nominal(amount, unit) / 4
    for _ in range(20):
        missed_by = now - dt.timedelta(hours=hours_ago)
        start = missed_by - _nominal(amount, unit)
        for _ in range(2000):
            if deadline(start, amount, unit, cal) <= missed_by:
                break
            start -= step
        missed = deadline(start, amount, unit, cal)
        after = missed if top else deadline(missed, amount, unit, cal)
        if missed < now and (top or after > now):
            return start, missed, after
        hours_ago /= 2
    return None


def generate(ctx: Any) -> None:
    seed_categories(Category)
    _calendar()
    routing.invalidate()
    grids = [g for g in ctx.data.get("grids", []) if g.boundary]
    if not grids:
        return
    cal = Calendar.load()
    people = _people(ctx, grids)
    leaves = list(Category.objects.filter(active=True, children__isnull=True).order_by("code"))
    now = timezone.now()
    n = max(30, int(400 * ctx.scale))
    cases: list[Case] = []
    plans: list[tuple[list[str], list[dt.datetime], dt.datetime | None]] = []
    draws = [_draws(ctx.rng, i, grids, leaves, people) for i in range(n)]
    _keep_overdue_few(draws)
    for d in draws:
        case, path, times, missed = _case(d, people, cal, now)
        cases.append(case)
        plans.append((path, times, missed))
    Case.objects.bulk_create(cases, batch_size=1000)
    history, ratings = _history(ctx.rng, cases, plans, people["resident"], now)
    CaseTransition.objects.bulk_create(history, batch_size=2000)
    Rating.objects.bulk_create(ratings)
    Case.objects.bulk_update([c for c in cases if c.rating], ["rating"], batch_size=1000)
    # An extension request of the demo worker's waits at the desk above (审批), through the
    # action so its timeline entry, audit and notice are as in use: the first case, which is
    # the demo worker's, in progress and on time at the grid's level.
    first = cases[0]
    demo_worker = people["demo_worker"]
    if demo_worker and first.handler_id == demo_worker.pk and first.status == Status.IN_PROGRESS:
        from cases.actions import do_request_extension

        do_request_extension(
            first, days=3, reason="配件要从厂家订购，预计三个工作日后到货", actor=demo_worker
        )
    # Keep the deadline sweep running under `db_worker` (a no-op with a non-deferring backend).
    from cases.tasks import schedule_sweep

    schedule_sweep(delay=60)
    ctx.data["cases"] = len(cases)
    ctx.log(f"cases: {len(cases)} cases, {len(history)} history rows")


def _people(ctx: Any, grids: list[Any]) -> dict[str, Any]:
    """Who reports, handles and accepts the demo's cases, by grid and community."""
    users = ctx.data.get("users", {})
    resident = users.get(str(Role.RESIDENT))
    demo_worker = users.get(str(Role.GRID_WORKER))
    workers: dict[int, Any] = {}
    for ra in RoleAssignment.objects.filter(role=Role.GRID_WORKER, area__in=grids).select_related(
        "user"
    ):
        workers.setdefault(ra.area_id, ra.user)
    residents: dict[int, list[Any]] = {}
    for ra in RoleAssignment.objects.filter(role=Role.RESIDENT, area__in=grids).select_related(
        "user"
    ):
        if ra.user != resident:
            residents.setdefault(ra.area_id, []).append(ra.user)
    staff: dict[str, Any] = {}
    for ra in RoleAssignment.objects.filter(
        role=Role.COMMUNITY_STAFF, area__level="community"
    ).select_related("user", "area"):
        staff.setdefault(ra.area.code, ra.user)
    demo_grid_ids: set[int] = set()
    if demo_worker is not None:
        demo_grid_ids = set(
            RoleAssignment.objects.filter(user=demo_worker).values_list("area_id", flat=True)
        )
    return {
        "resident": resident,
        "demo_worker": demo_worker,
        "workers": workers,
        "residents": residents,
        "staff": staff,
        "demo_grid_ids": demo_grid_ids,
        "shapes": {g.pk: shapely.geometry.shape(g.boundary) for g in grids},
    }


def _draws(rng: Any, i: int, grids: list[Any], leaves: list[Any], people: dict) -> dict:
    """Every random choice of one case, always the same number in the same order: the stream
    (and so the district) is the same whatever the day it is loaded."""
    demo_grid_ids = people["demo_grid_ids"]
    grid = (
        next((g for g in grids if g.pk in demo_grid_ids), grids[0]) if i < 25 else rng.choice(grids)
    )
    d = {
        "i": i,
        "grid": grid,
        "category": rng.choice(leaves),
        "status": rng.choices([s for s, _w in WEIGHTS], [w for _s, w in WEIGHTS])[0],
        "on_spot": rng.random() < 0.25,
        "overdue": rng.random() < OVERDUE_SHARE,
        "share": rng.uniform(0.1, 0.9),
        "age_hours": rng.uniform(1, 24 * 40),
        "missed_hours": rng.uniform(0.5, 30),
        "steps": [rng.uniform(*STEP_HOURS) for _ in range(7)],
        "point": _point_in(rng, people["shapes"][grid.pk]),
        "channel": rng.choices(
            [Channel.APP, Channel.PATROL, Channel.HOTLINE_12345, Channel.HOTLINE_96345],
            [60, 20, 15, 5],
        )[0],
        "neighbour": rng.random(),
        "anonymous": rng.random() < 0.1,
        "rework": rng.random() < 0.05,
        "phone": f"139{rng.randrange(10**8):08d}",
    }
    d["text"] = rng.choice(
        TEXTS.get(d["category"].code) or TEXTS.get(d["category"].code[:3], ["需要帮忙处理"])
    )
    if i in (0, 1):
        # The demo worker's first two cases are of a category handled at the grid, so the desk
        # above them is the community's, whatever the seed; the category replaces the drawn one
        # without a draw of its own.
        at_grid = [c for c in leaves if int(c.first_level) == Level.GRID]
        if int(d["category"].first_level) != Level.GRID and at_grid:
            d["category"] = at_grid[leaves.index(d["category"]) % len(at_grid)]
    if i == 0:
        # The first is in progress and on time: its extension request waits at the community.
        d.update(status=Status.IN_PROGRESS, overdue=False, on_spot=False)
    elif i == 1:
        # The second missed its deadline: the community's desk sees it overdue (督办) whatever
        # the demo's size.
        d.update(status=Status.DISPATCHED, overdue=True, on_spot=False)
    return d


def _keep_overdue_few(draws: list[dict]) -> None:
    """At most a quarter of the running cases are overdue (at least the demo worker's one), as
    in a real week, whatever the seed: the draws past that share are on time."""
    running = [d for d in draws if d["status"] in RUNNING]
    allowed = max(1, len(running) // 4) - 1  # the demo worker's second case is one
    for d in running:
        if d["overdue"] and d["i"] > 1:
            if allowed > 0:
                allowed -= 1
            else:
                d["overdue"] = False


def _timeline(
    d: dict, cat: Category, cal: Calendar, now: dt.datetime
) -> tuple[list[str], list[dt.datetime], dt.datetime | None, dt.datetime | None]:
    """The steps of a case and when each was taken, with the deadline it missed (and the one
    it has now) when it is overdue. A running case is built back from now, so that its
    deadline lies ahead (or was missed, once) whatever the weekday, holiday or hour."""
    status = d["status"]
    on_spot = status == Status.CLOSED and d["on_spot"]
    path = ["report", "resolve_on_spot"] if on_spot else PATHS[status]
    hours = [dt.timedelta(hours=h) for h in d["steps"]]
    if status not in (Status.REPORTED, Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS):
        times = [now - dt.timedelta(hours=d["age_hours"])]
        for gap in hours[: len(path) - 1]:
            times.append(min(now, times[-1] + gap))
        return path, times, None, None
    accepting = status == Status.REPORTED
    amount, unit = (
        (cat.accept_limit, cat.accept_unit) if accepting else (cat.handle_limit, cat.handle_unit)
    )
    top = max(int(cat.first_level), 0) >= Level.DISTRICT
    missed = due = None
    found = _start_missed(now, amount, unit, cal, d["missed_hours"], top) if d["overdue"] else None
    if found:
        start, missed, due = found
    else:
        start = _start_on_time(now, amount, unit, cal, d["share"])
    if accepting:
        return path, [start], missed, due
    # Accepted at `start`, reported a little before; later steps share the time since.
    times = [start - hours[0] / 8, start]
    later = len(path) - 2
    for k in range(later):
        times.append(start + (now - start) * (k + 1) / (later + 1))
    return path, times, missed, due


Timeline = tuple[list[str], list[dt.datetime], dt.datetime | None, dt.datetime | None]


def _case(
    d: dict, people: dict, cal: Calendar, now: dt.datetime, timeline: Timeline | None = None
) -> tuple[Case, list[str], list[dt.datetime], dt.datetime | None]:
    """The case row the actions would leave after the steps of `timeline` (path, times, the
    deadline it missed and its deadline after the sweep), by default a recent case's built
    back from now (`_timeline`)."""
    i, grid, cat = d["i"], d["grid"], d["category"]
    path, times, missed, escalated_due = timeline or _timeline(d, cat, cal, now)
    on_spot = path[-1] == "resolve_on_spot"
    final = STEP_STATUS[path[-1]]
    reported = times[0]
    accepted = times[path.index("accept")] if "accept" in path else None
    accept_due = deadline(reported, cat.accept_limit, cat.accept_unit, cal)
    handle_due = deadline(accepted, cat.handle_limit, cat.handle_unit, cal) if accepted else None
    base = max(int(cat.first_level), 0) if not on_spot else Level.GRID
    level = min(base + 1, Level.DISTRICT) if missed else base
    if missed and escalated_due:
        # As the sweep leaves it: the clock of the stage restarted at the level above.
        if final == Status.REPORTED:
            accept_due = escalated_due
        else:
            handle_due = escalated_due
    due_at = None
    if final == Status.REPORTED:
        due_at = accept_due
    elif final in (Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS):
        due_at = handle_due
    channel = Channel.PATROL if on_spot else d["channel"]
    by_resident = channel == Channel.APP
    handler_of_grid = people["workers"].get(grid.pk)
    demo_worker = people["demo_worker"]
    handler = demo_worker if grid.pk in people["demo_grid_ids"] and demo_worker else handler_of_grid
    desk = people["staff"].get(grid.code[:12])
    closed_at = times[-1] if final == Status.CLOSED else None
    # The app is used signed in: the demo resident, or a neighbour with an account.
    reporter = None
    if by_resident:
        neighbours = d.get("reporters") or people["residents"].get(grid.pk)
        mine = i % 4 == 0 or i < 8 or not neighbours
        reporter = people["resident"] if mine else neighbours[int(d["neighbour"] * len(neighbours))]
    hotline = channel.startswith("hotline")
    case = Case(
        description=d["text"],
        channel=channel,
        category=cat,
        lon=d["point"][0],
        lat=d["point"][1],
        address=d.get("address") or f"{grid.name}附近",
        area=grid,
        area_code=grid.code,
        level=level,
        status=final,
        reported_at=reported,
        accept_due=accept_due,
        handle_due=handle_due,
        due_at=due_at,
        accepted_at=accepted,
        handled_at=times[path.index("handle")]
        if "handle" in path
        else (closed_at if on_spot else None),
        closed_at=closed_at,
        owner=(handler if on_spot else desk) if accepted or on_spot else None,
        handler=handler if ("dispatch" in path or on_spot) else None,
        reporter=reporter,
        created_by=reporter if by_resident else (handler if channel == Channel.PATROL else desk),
        caller_name="热线来电" if hotline else "",
        caller_phone=d["phone"] if hotline else "",
        anonymous=by_resident and d["anonymous"],
        rework_count=1 if final in (Status.VERIFIED, Status.CLOSED) and d["rework"] else 0,
        overdue=missed is not None,
        missed_due=missed,
        resolved_on_spot=on_spot,
        closed_level=level if final == Status.CLOSED else None,
    )
    if by_resident and case.reporter is None:
        case.created_by = None
    return case, path, times, missed


def _history(
    rng: Any,
    cases: list[Case],
    plans: list[tuple[list[str], list[dt.datetime], dt.datetime | None]],
    resident: Any,
    now: dt.datetime,
) -> tuple[list[CaseTransition], list[Rating]]:
    """Each case's timeline as the actions would have written it (and the sweep, for the
    deadline an overdue case missed), and the reporters' ratings of closed cases but one:
    the demo resident's latest closed case waits for their rating (the form shows)."""
    history: list[CaseTransition] = []
    ratings: list[Rating] = []
    unrated = max(
        (c for c in cases if c.status == Status.CLOSED and resident and c.reporter == resident),
        key=lambda c: c.closed_at or now,
        default=None,
    )
    for case, (path, times, missed) in zip(cases, plans, strict=True):
        previous = ""
        before = case.level - 1 if missed and case.level > 0 else case.level
        steps = list(zip(path, times, strict=True))
        if missed:
            steps.append(("overdue", missed))
            steps.sort(key=lambda step: step[1])
        for step, at in steps:
            if step == "overdue":
                history.append(
                    CaseTransition(
                        case=case,
                        action="overdue",
                        from_status=previous,
                        to_status=previous,
                        from_level=before,
                        to_level=case.level,
                        at=at,
                    )
                )
                before = case.level
                continue
            status = STEP_STATUS[step]
            actor = {
                "report": case.created_by,
                "accept": case.owner,
                "dispatch": case.owner,
                "start": case.handler,
                "handle": case.handler,
                "resolve_on_spot": case.handler,
            }.get(step, case.owner)
            history.append(
                CaseTransition(
                    case=case,
                    action=step,
                    from_status=previous,
                    to_status=status,
                    from_level=before,
                    to_level=before,
                    actor=actor,
                    at=at,
                    note="已处理完毕" if step in ("handle", "resolve_on_spot") else "",
                )
            )
            previous = status
        score = rng.choices([5, 4, 3, 2], [60, 25, 10, 5])[0]
        if case.status == Status.CLOSED and case.reporter_id and case.closed_at and case != unrated:
            case.rating = score
            ratings.append(
                Rating(
                    case=case,
                    user=case.reporter,
                    score=score,
                    at=case.closed_at + dt.timedelta(hours=2),
                )
            )
    return history, ratings


def describe(ctx: Any) -> list[str]:
    return [
        "",
        "Cases: residents report at /cases/report/, workers see /cases/tasks/, "
        "staff work the queue at /cases/desk/ (API: /api/v1/cases/).",
    ]
