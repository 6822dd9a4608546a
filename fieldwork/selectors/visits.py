"""Visit coverage (每半年走访一遍): the share of a grid's households visited by its posted
workers in the running period, by grid, community and worker, and the households overdue.

The grids' figures are one aggregate query over households (the period's visited households
hashed once), the workers' one more over the visitors; communities add up their grids. `bench/visit_coverage.py` measures it beside one hand-written SQL query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

from accounts.models import RoleAssignment
from accounts.roles import GRID_WORKERS
from areas.models import Area, Household, grid_levels, level_digits, level_names
from fieldwork import periods, permissions
from fieldwork.models import Visit, VisitVisitor


@dataclass
class Figure:
    """Households and those visited in the period, for a grid, a community or a worker."""

    code: str
    name: str
    households: int = 0
    visited: int = 0
    detail: str = ""  # a worker's grid, a grid's community
    children: list[Figure] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.visited / self.households if self.households else None

    @property
    def overdue(self) -> int:
        return self.households - self.visited


def _scope(codes: list[str], path: str) -> Q:
    if "" in codes:
        return ~Q(pk__in=[])
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(**{f"{path}__startswith": code})
    return q


def visited_q(period: periods.Period, prefix: str = "") -> Exists:
    """A household (at `prefix`) has a visit by a posted worker within `period`."""
    return Exists(
        Visit.objects.filter(
            household=OuterRef(f"{prefix}pk"),
            visited_on__gte=period.start,
            visited_on__lte=period.end,
            by_posted_worker=True,
        )
    )


def visited_ids(period: periods.Period) -> QuerySet[Any, Any]:
    """The households with a visit by a posted worker within `period`, as a subquery: inside
    an aggregate's FILTER, PostgreSQL hashes `id IN (…)` once (an EXISTS there would be
    probed once per household)."""
    return Visit.objects.filter(
        visited_on__gte=period.start, visited_on__lte=period.end, by_posted_worker=True
    ).values("household_id")


def grids_in(codes: list[str]) -> QuerySet[Area]:
    return Area.objects.filter(
        _scope(codes, "code"), level__in=grid_levels(), active=True
    ).select_related("parent")


def grid_figures(codes: list[str], period: periods.Period) -> list[Figure]:
    """Each active grid within `codes` with its households and those visited (one query for
    the counts, one for the grids' names)."""
    counts = {
        row["grid_id"]: row
        for row in Household.objects.filter(_scope(codes, "grid__code"), grid__active=True)
        .values("grid_id")
        .annotate(total=Count("pk"), visited=Count("pk", filter=Q(pk__in=visited_ids(period))))
        .order_by()
    }
    out = []
    for grid in grids_in(codes).order_by("code"):
        row = counts.get(grid.pk, {"total": 0, "visited": 0})
        out.append(
            Figure(
                grid.code,
                grid.name,
                row["total"],
                row["visited"],
                detail=grid.parent.name if grid.parent else "",
            )
        )
    return out


def community_figures(grids: list[Figure]) -> list[Figure]:
    """The grids' figures added up by community (the community's code is a prefix of theirs)."""
    names = level_names()
    width = sum(level_digits(n) for n in names[: names.index("community") + 1])
    parents = {
        a.code: a
        for a in Area.objects.filter(code__in={g.code[:width] for g in grids}, level="community")
    }
    by_code: dict[str, Figure] = {}
    for g in grids:
        parent = parents.get(g.code[:width])
        if parent is None:
            continue
        f = by_code.setdefault(parent.code, Figure(parent.code, parent.name))
        f.households += g.households
        f.visited += g.visited
        f.children.append(g)
    return sorted(by_code.values(), key=lambda f: f.code)


def worker_figures(grids: list[Figure], period: periods.Period) -> list[Figure]:
    """Each grid worker posted to one of `grids`: the grid's households, and how many of them
    this worker visited in the period."""
    by_code = {g.code: g for g in grids}
    postings = list(
        RoleAssignment.objects.filter(
            role__in=sorted(GRID_WORKERS), area__code__in=list(by_code)
        ).values_list("user_id", "user__name", "area_id", "area__code")
    )
    if not postings:
        return []
    seen: dict[tuple[int, int], int] = {
        (row["user_id"], row["visit__household__grid_id"]): row["n"]
        for row in VisitVisitor.objects.filter(
            user__in={p[0] for p in postings},
            visit__visited_on__gte=period.start,
            visit__visited_on__lte=period.end,
            visit__household__grid__in={p[2] for p in postings},
        )
        .values("user_id", "visit__household__grid_id")
        .annotate(n=Count("visit__household_id", distinct=True))
        .order_by()
    }
    out = []
    for user_id, name, grid_id, code in sorted(postings, key=lambda p: (p[3], p[1])):
        grid = by_code[code]
        out.append(
            Figure(
                str(user_id),
                name,
                grid.households,
                seen.get((user_id, grid_id), 0),
                detail=grid.name,
            )
        )
    return out


def coverage(user: Any, area_code: str = "", period: periods.Period | None = None) -> Any:
    """Grids, communities and workers within the user's reach (and `area_code`, if given)."""
    period = period or periods.current()
    codes = narrowed(user, area_code)
    grids = grid_figures(codes, period) if codes else []
    return {
        "period": period,
        "grids": grids,
        "communities": community_figures(grids),
        "workers": worker_figures(grids, period),
        "total": Figure("", "", sum(g.households for g in grids), sum(g.visited for g in grids)),
    }


def narrowed(user: Any, area_code: str = "") -> list[str]:
    """The coverage scope: the user's areas, or `area_code` within them ([] for none)."""
    codes = permissions.coverage_codes(user)
    if not area_code:
        return codes
    if any(area_code.startswith(c) for c in codes):
        return [area_code]
    return []


def overdue(user: Any, area_code: str = "", period: periods.Period | None = None) -> Any:
    """The households of the user's grids (or `area_code`) with no visit by a posted worker in
    the running period, those never visited first, then by their last visit."""
    period = period or periods.current()
    codes = narrowed(user, area_code)
    if not codes:
        return Household.objects.none()
    return (
        Household.objects.filter(_scope(codes, "grid__code"), grid__active=True)
        .exclude(visited_q(period))
        .annotate(last_visit=Max("visits__visited_on", filter=Q(visits__by_posted_worker=True)))
        .select_related("grid", "building")
        .order_by(F("last_visit").asc(nulls_first=True), "code")
    )


def visits(user: Any) -> QuerySet[Visit]:
    return permissions.visits_visible_to(user).select_related(
        "household__building", "household__grid", "recorded_by"
    )
