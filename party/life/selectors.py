"""Reads of organisational life: the rules, meetings the user may see, and compliance, the
status of each obligation of an organisation in a period:

- held: a meeting counting for the period was held within it;
- late: the only meetings counting for it were held after it ended (made up);
- missing: the period has ended with no meeting counting for it;
- due: the period is running (it holds today, in Asia/Shanghai) and nothing is held yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import pgettext_lazy

from core import timeutil
from party import permissions
from party.life.models import LifeRule, Meeting
from party.life.periods import Period, recent
from party.models import PartyMember, PartyOrganisation


class Status(models.TextChoices):
    HELD = "held", pgettext_lazy("meeting status", "Held")
    LATE = "late", pgettext_lazy("meeting status", "Held late")
    MISSING = "missing", pgettext_lazy("meeting status", "Missing")
    DUE = "due", pgettext_lazy("meeting status", "Due")


@dataclass
class Obligation:
    organisation: PartyOrganisation
    rule: LifeRule
    period: Period
    status: str
    meeting: Meeting | None  # the first meeting counting for the period

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


def rules(*, active_only: bool = True) -> list[LifeRule]:
    qs = LifeRule.objects.order_by("level", "kind")
    return list(qs.filter(active=True) if active_only else qs)


def kinds_for(level: str) -> list[str]:
    """The kinds an organisation of `level` may record: those with a rule (active or not)."""
    return list(LifeRule.objects.filter(level=level).values_list("kind", flat=True))


def meetings(user: Any) -> QuerySet[Meeting]:
    return permissions.meetings_visible_to(user)


def status_of(period: Period, found: Sequence[Meeting], today: dt.date) -> str:
    if any(m.held_on in period for m in found):
        return Status.HELD
    if found:
        return Status.LATE
    return Status.MISSING if period.end < today else Status.DUE


def compliance(
    orgs: Iterable[PartyOrganisation], *, day: dt.date | None = None, n: int = 1
) -> list[Obligation]:
    """Each active obligation of each organisation in its `n` periods up to the one holding
    `day` (today by default), by organisation, kind, then period. Two queries: the rules and
    the meetings counting for those periods."""
    today = timeutil.today()
    day = day or today
    orgs = list(orgs)
    by_level: dict[str, list[LifeRule]] = {}
    for rule in rules():
        by_level.setdefault(rule.level, []).append(rule)
    wanted = [(o, r, recent(day, r.frequency, n)) for o in orgs for r in by_level.get(o.level, [])]
    if not wanted:
        return []
    since = min(ps[0].start for _o, _r, ps in wanted)
    until = max(ps[-1].end for _o, _r, ps in wanted)
    held: dict[tuple[int, str], list[Meeting]] = {}
    for m in Meeting.objects.filter(
        organisation__in=[o.pk for o in orgs], counts_for__range=(since, until)
    ).order_by("held_on", "pk"):
        held.setdefault((m.organisation_id, m.kind), []).append(m)
    found: list[Obligation] = []
    for org, rule, periods in wanted:
        mine = held.get((org.pk, rule.kind), [])
        for period in periods:
            counting = [m for m in mine if m.counts_for in period]
            status = status_of(period, counting, today)
            found.append(Obligation(org, rule, period, status, counting[0] if counting else None))
    return found


def due_now(orgs: Iterable[PartyOrganisation]) -> list[Obligation]:
    """What is still to hold in the running periods."""
    return [o for o in compliance(orgs) if o.status == Status.DUE]


def recording_orgs(user: Any) -> QuerySet[PartyOrganisation]:
    """The organisations the user records meetings for: those they edit that have rules."""
    levels = LifeRule.objects.values_list("level", flat=True)
    return (
        PartyOrganisation.objects.filter(permissions.scope_q(user, "area__code", permissions.EDIT))
        .filter(level__in=levels)
        .select_related("area")
        .order_by("area__code", "level", "name")
    )


def below(org: PartyOrganisation) -> QuerySet[PartyOrganisation]:
    """The organisations under `org` that have obligations (its branches and their groups):
    those whose area lies in its subtree and whose chain of parents reaches it."""
    levels = list(LifeRule.objects.values_list("level", flat=True).distinct())
    chain = Q(parent=org) | Q(parent__parent=org) | Q(parent__parent__parent=org)
    return (
        PartyOrganisation.objects.filter(chain, level__in=levels)
        .select_related("area")
        .order_by("area__code", "level", "name")
    )


def due_members(org: PartyOrganisation) -> QuerySet[PartyMember]:
    """Everyone due at a meeting of `org` (but a committee meeting): its members and those
    of the organisations below it."""
    chain = (
        Q(organisation=org)
        | Q(organisation__parent=org)
        | Q(organisation__parent__parent=org)
        | Q(organisation__parent__parent__parent=org)
    )
    return PartyMember.objects.filter(chain).order_by("name", "pk")
