"""The other domains' cards, each from its own app's selectors (never recounted here):
household visit coverage and screening campaigns (fieldwork), volunteer hours and orders
(volunteering), points earned and redeemed (points), organisational life (party 三会一课).
Every card counts the area the dashboard shows; volunteering and points also stay within
the user's own areas of those apps (their staff scope)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from areas import selectors as area_selectors
from areas.models import Area
from core import timeutil
from fieldwork import periods
from fieldwork.campaigns import selectors as campaigns
from fieldwork.selectors import visits
from party.life import selectors as life
from party.models import PartyOrganisation
from points import selectors as points
from volunteering import selectors as volunteering


@dataclass
class Cards:
    visits: dict[str, Any]
    campaigns: list[Any]
    volunteering: dict[str, Any]
    points: dict[str, Any]
    party: dict[str, Any]


def visit_card(area: Area) -> dict[str, Any]:
    """Households visited this half-year under the area (fieldwork's grid figures)."""
    period = periods.current()
    grids = visits.grid_figures([area.code], period)
    households = sum(g.households for g in grids)
    visited = sum(g.visited for g in grids)
    return {
        "start": period.start,
        "end": period.end,
        "households": households,
        "visited": visited,
        "share": visited / households if households else None,
    }


def community_code(area: Area) -> str:
    """The code the volunteering and store figures count under: the area's own, or below a
    community (a grid) its community's, since orders, volunteers and stores belong to one."""
    return area.code[: area_selectors.code_length("community")]


def volunteering_card(user: Any, area: Area, year: int) -> dict[str, Any]:
    """Orders and confirmed service hours of the year in the communities under the area that
    the user runs (the volunteering report's figures for the area)."""
    found = volunteering.report_figures(year, user, area_code=community_code(area))
    return {
        "year": year,
        "orders": found["orders"],
        "confirmed": found["confirmed"],
        "hours": float(found["hours"]),
        "volunteers": found["volunteers"],
        "wishes": found["wishes"],
        "wishes_confirmed": found["wishes_confirmed"],
    }


def points_card(user: Any, area: Area, year: int) -> dict[str, Any]:
    """Points earned in the year by activity by the users of the area (within the user's own
    areas) and the redemptions waiting at the stores of its communities the user runs."""
    rows = points.activity_totals(year, user, area_code=area.code)
    return {
        "year": year,
        "credits": sum(n for _label, n, _total in rows),
        "earned": sum(total or 0 for _label, _n, total in rows),
        "by_activity": [{"activity": a, "credits": n, "points": t or 0} for a, n, t in rows],
        "awaiting_pickup": points.awaiting_pickup(user, area_code=community_code(area)).count(),
    }


def party_card(area: Area) -> dict[str, Any]:
    """三会一课 of the organisations under the area in the last periods: how many obligations
    were held, held late, missed or are still due (party's compliance)."""
    orgs = PartyOrganisation.objects.filter(area__code__startswith=area.code).select_related("area")
    found = life.compliance(orgs, n=3)
    counts = Counter(o.status for o in found)
    settled = sum(counts[s] for s in (life.Status.HELD, life.Status.LATE, life.Status.MISSING))
    return {
        "organisations": len({o.organisation.pk for o in found}),
        "held": counts[life.Status.HELD],
        "late": counts[life.Status.LATE],
        "missing": counts[life.Status.MISSING],
        "due": counts[life.Status.DUE],
        "share": counts[life.Status.HELD] / settled if settled else None,
    }


def cards(user: Any, area: Area) -> Cards:
    year = timeutil.today().year
    return Cards(
        visits=visit_card(area),
        campaigns=[
            {"name": p.name, "total": p.total, "settled": p.settled, "share": p.share}
            for p in campaigns.progress_by_area(area.code)
        ],
        volunteering=volunteering_card(user, area, year),
        points=points_card(user, area, year),
        party=party_card(area),
    )
