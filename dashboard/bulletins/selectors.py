"""Reads: the bulletins a user sees, the areas whose bulletin waits, the cases a draft may
present, published results, and the home lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from accounts import access
from accounts.roles import Capability
from areas.models import Area
from cases.indicators.selectors import bounds
from cases.models import Case, CasePhoto
from cases.workflow import Level, Status, code_length
from core import timeutil
from core.home import Line
from dashboard import permissions
from dashboard.bulletins import sources
from dashboard.bulletins.figures import month_end, month_start, previous_month
from dashboard.bulletins.models import Bulletin, BulletinStatus, TypicalCase

CANDIDATES = 30
RESULT_MONTHS = 12


def visible(user: Any) -> QuerySet[Bulletin]:
    return permissions.bulletins_visible_to(user).select_related("area")


def due_month(today: dt.date | None = None) -> dt.date:
    """The month whose bulletin an office publishes now: last month."""
    return previous_month(month_start(today or timeutil.today()))


@dataclass
class Due:
    area: Area
    draft: Bulletin | None


def due(user: Any, today: dt.date | None = None) -> list[Due]:
    """The user's own offices (subdistricts and communities where they hold
    `publish_bulletins`) whose bulletin of last month is not yet published, with the draft
    under way if any."""
    codes = access.office_codes(user, Capability.PUBLISH_BULLETINS)
    if not codes:
        return []
    month = due_month(today)
    areas = list(
        Area.objects.filter(
            code__in=codes, level__in=permissions.BULLETIN_LEVELS, active=True
        ).order_by("code")
    )
    found = {
        (b.area_id, b.status): b
        for b in Bulletin.objects.filter(area__in=areas, month=month).exclude(
            status=BulletinStatus.SUPERSEDED
        )
    }
    return [
        Due(a, found.get((a.pk, BulletinStatus.DRAFT)))
        for a in areas
        if (a.pk, BulletinStatus.PUBLISHED) not in found
    ]


def draft_areas(user: Any) -> list[Area]:
    """The subdistricts and communities whose bulletins the user drafts (the draft form)."""
    q = access.scope_q(user, "code", Capability.PUBLISH_BULLETINS)
    return list(
        Area.objects.filter(q, level__in=permissions.BULLETIN_LEVELS, active=True).order_by("code")[
            :300
        ]
    )


def candidates(bulletin: Bulletin) -> list[Case]:
    """Closed cases of the area a draft may present: those closed in its month first (then
    the latest), with their photos, less those it presents already."""
    start, end = bounds(bulletin.month, month_end(bulletin.month))
    picked = bulletin.typical.exclude(case=None).values("case_id")
    base = (
        Case.objects.filter(area_code__startswith=bulletin.area.code, status=Status.CLOSED)
        .exclude(pk__in=picked)
        .select_related("category")
        .prefetch_related(Prefetch("photos", queryset=CasePhoto.objects.order_by("id")))
    )
    rows = list(
        base.filter(closed_at__gte=start, closed_at__lt=end).order_by("-closed_at")[:CANDIDATES]
    )
    if len(rows) < CANDIDATES:
        rows += list(
            base.filter(closed_at__lt=start).order_by("-closed_at")[: CANDIDATES - len(rows)]
        )
    return rows


def community_of(user: Any) -> Area | None:
    """The community the user lives in (their resident record's, else a resident role's)."""
    width = code_length(Level.COMMUNITY)
    codes = [c[:width] for c in permissions.home_area_codes(user) if len(c) >= width]
    if not codes:
        return None
    return Area.objects.filter(code=codes[0], level="community").first()


def published_typical(area: Area, today: dt.date | None = None) -> QuerySet[TypicalCase]:
    """The typical cases of the area (or within it) that published bulletins of the last
    twelve months present: the area's own bulletins', those of the subdistrict above it that
    lie in it, its communities'."""
    since = month_start(today or timeutil.today())
    for _n in range(RESULT_MONTHS - 1):
        since = previous_month(since)
    return (
        TypicalCase.objects.filter(
            area_code__startswith=area.code,
            bulletin__status=BulletinStatus.PUBLISHED,
            bulletin__month__gte=since,
        )
        .select_related("bulletin", "before", "after")
        .order_by("-bulletin__month", "bulletin__area__code", "position", "pk")
    )


@dataclass
class Results:
    area: Area
    bulletins: list[Bulletin]  # the area's published bulletins, latest first
    typical: QuerySet[TypicalCase]
    commitments: list[Any] = field(default_factory=list)
    decisions: list[sources.Decision] = field(default_factory=list)


def results(area: Area, today: dt.date | None = None) -> Results:
    """What residents of `area` read: its published bulletins' satisfaction and figures, the
    typical cases with the photos chosen, the commitments serving it and the decisions."""
    today = today or timeutil.today()
    since = today - dt.timedelta(days=365)
    bulletins = list(
        Bulletin.objects.filter(area=area, status=BulletinStatus.PUBLISHED).order_by("-month")[
            :RESULT_MONTHS
        ]
    )
    return Results(
        area,
        bulletins,
        published_typical(area, today),
        sources.commitments(area, since),
        sources.decisions(area, since),
    )


def home_lines(user: Any) -> list[Line]:
    lines: list[Line] = []
    if permissions.publishes_bulletins(user):
        waiting = due(user)
        if waiting:
            month = due_month()
            lines.append(
                Line(
                    "dashboard.bulletins_due",
                    ngettext(
                        "%(n)d bulletin of %(month)s to publish",
                        "%(n)d bulletins of %(month)s to publish",
                        len(waiting),
                    )
                    % {"n": len(waiting), "month": month.strftime("%Y-%m")},
                    len(waiting),
                    reverse("dashboard:bulletins") + "?due=1",
                    "figures",
                )
            )
    community = community_of(user)
    if community is not None:
        n = published_typical(community).count()
        lines.append(
            Line(
                "dashboard.results",
                ngettext(
                    "%(n)d result published in %(community)s",
                    "%(n)d results published in %(community)s",
                    n,
                )
                % {"n": n, "community": community.name},
                n,
                reverse("dashboard:results", args=[community.code]),
                "figures",
            )
        )
    return lines
