"""Reads of campaigns: the "不漏一户" figure per grid and worker, the households left, a
worker's households to reach, home lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from core import timeutil
from core.home import Line
from fieldwork import permissions
from fieldwork.models import SETTLED, Campaign, CampaignHousehold, Outcome

LEFT = (Outcome.PENDING, Outcome.NOT_HOME)


@dataclass
class Progress:
    """Households of a campaign and how they ended; `share` is reached or explained
    (refused, vacant) over all: the "不漏一户" figure."""

    key: Any
    name: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def settled(self) -> int:
        return sum(self.counts.get(o, 0) for o in SETTLED)

    @property
    def left(self) -> int:
        return self.total - self.settled

    @property
    def share(self) -> float | None:
        return self.settled / self.total if self.total else None

    @property
    def percent(self) -> float | None:
        return None if self.share is None else round(self.share * 100, 1)

    def count(self, outcome: str) -> int:
        return self.counts.get(outcome, 0)

    @property
    def reached(self) -> int:
        return self.count(Outcome.REACHED)

    @property
    def not_home(self) -> int:
        return self.count(Outcome.NOT_HOME)

    @property
    def refused(self) -> int:
        return self.count(Outcome.REFUSED)

    @property
    def vacant(self) -> int:
        return self.count(Outcome.VACANT)

    @property
    def pending(self) -> int:
        return self.count(Outcome.PENDING)


def rows_of(campaign: Campaign, user: Any) -> QuerySet[CampaignHousehold]:
    """The campaign's households the user sees."""
    return permissions.campaign_households_visible_to(user).filter(campaign=campaign)


def _grouped(rows: QuerySet[CampaignHousehold], key: str, name: str) -> list[Progress]:
    found: dict[Any, Progress] = {}
    for r in rows.values(key, name, "outcome").annotate(n=Count("pk")).order_by(name):
        p = found.setdefault(r[key], Progress(r[key], r[name] or ""))
        p.counts[r["outcome"]] = r["n"]
        p.total += r["n"]
    return list(found.values())


def progress(campaign: Campaign, user: Any) -> dict[str, Any]:
    """The figure over what the user sees: as a whole, per grid and per worker."""
    rows = rows_of(campaign, user)
    total = Progress("all", campaign.name)
    for r in rows.values("outcome").annotate(n=Count("pk")):
        total.counts[r["outcome"]] = r["n"]
        total.total += r["n"]
    return {
        "total": total,
        "grids": _grouped(rows, "grid__code", "grid__name"),
        "workers": _grouped(rows, "worker_id", "worker__name"),
    }


def left(campaign: Campaign, user: Any) -> QuerySet[CampaignHousehold]:
    """The households neither reached nor explained (pending, or not at home so far)."""
    return (
        rows_of(campaign, user)
        .filter(outcome__in=LEFT)
        .select_related("household", "grid", "worker")
        .order_by("grid__code", "household__code")
    )


def running_campaigns(user: Any) -> QuerySet[Campaign]:
    today = timeutil.today()
    return permissions.campaigns_visible_to(user).filter(starts_on__lte=today, ends_on__gte=today)


def to_reach(user: Any) -> QuerySet[CampaignHousehold]:
    """The user's own households left in the campaigns running today (the home line's list)."""
    if not user.is_authenticated:
        return CampaignHousehold.objects.none()
    today = timeutil.today()
    return (
        CampaignHousehold.objects.filter(
            worker=user,
            outcome__in=LEFT,
            campaign__starts_on__lte=today,
            campaign__ends_on__gte=today,
        )
        .select_related("household", "campaign", "grid")
        .order_by("campaign_id", "household__code")
    )


def progress_by_area(code: str, recent_days: int = 90) -> list[Progress]:
    """Each campaign running today or ended in the last `recent_days` with households under
    the area code: its progress there, in one query (the indicators' card)."""
    since = timeutil.today() - dt.timedelta(days=recent_days)
    rows = (
        CampaignHousehold.objects.filter(campaign__ends_on__gte=since, grid__code__startswith=code)
        .values("campaign_id", "campaign__name", "campaign__starts_on")
        .annotate(total=Count("pk"), settled=Count("pk", filter=Q(outcome__in=SETTLED)))
        .order_by("-campaign__starts_on", "campaign_id")
    )
    out = []
    for r in rows:
        p = Progress(r["campaign_id"], r["campaign__name"], r["total"])
        p.counts = {Outcome.REACHED: r["settled"]}
        out.append(p)
    return out


def home_to_reach(user: Any) -> list[Line]:
    n = to_reach(user).count()
    return [
        Line(
            "fieldwork.campaign_households",
            ngettext(
                "%(n)d campaign household not yet reached",
                "%(n)d campaign households not yet reached",
                n,
            )
            % {"n": n},
            n,
            reverse("fieldwork:to_reach"),
            group="people",
        )
    ]
