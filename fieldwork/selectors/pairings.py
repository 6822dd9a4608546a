"""Pairings: who looks after a household, whether each pairing's person visited in the
period (their visits count for it), and the coverage of households with a named contact and
of special-group residents with a pair."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from areas.models import Household, Resident, ResidentTag
from areas.panels import Carer
from fieldwork import periods, permissions
from fieldwork.models import Pairing, PairingKind, VisitVisitor

# The special groups (特殊人群) a care pairing serves.
SPECIAL_TAGS = (
    ResidentTag.ELDERLY_ALONE,
    ResidentTag.LOW_INCOME,
    ResidentTag.DISABLED,
    ResidentTag.LEFT_BEHIND_CHILD,
)


def is_special(tags: Any) -> bool:
    return any(t in SPECIAL_TAGS for t in (tags or ()))


def special_q(prefix: str = "") -> Q:
    # Tags are a JSON list; matching the quoted value works on SQLite and PostgreSQL alike.
    q = Q(pk__in=[])
    for tag in SPECIAL_TAGS:
        q |= Q(**{f"{prefix}tags__icontains": f'"{tag}"'})
    return q


def visited_for(period: periods.Period) -> Exists:
    """The pairing's person made a visit in `period` that counts for it: to the household, to
    the resident's household, or to a household of the grid."""
    rows = VisitVisitor.objects.filter(
        user=OuterRef("person_id"),
        visit__visited_on__gte=period.start,
        visit__visited_on__lte=period.end,
    )
    return Exists(
        rows.filter(
            Q(visit__household=OuterRef("household_id"))
            | Q(visit__household=OuterRef("resident__household_id"))
            | Q(visit__household__grid=OuterRef("grid_id"))
        )
    )


def pairings(user: Any, period: periods.Period | None = None) -> QuerySet[Pairing]:
    """The pairings the user sees, each with `visited` (in the running period)."""
    period = period or periods.current()
    return (
        permissions.pairings_visible_to(user)
        .select_related("person", "household", "resident__household", "grid")
        .annotate(visited=visited_for(period))
    )


def looks_after(household: Household, period: periods.Period | None = None) -> list[Carer]:
    """Who looks after the household today: its member or cadre, the pairs of its residents,
    its grid's liaison (the grid's posted workers show on the grid's page)."""
    period = period or periods.current()
    q = Q(household=household.pk) | Q(resident__household=household.pk)
    if household.grid_id:
        q |= Q(grid=household.grid_id)
    rows = (
        Pairing.objects.filter(q, ended_on__isnull=True)
        .select_related("person", "resident")
        .annotate(visited=visited_for(period))
        .order_by("kind", "started_on", "pk")
    )
    out = []
    for p in rows:
        label = str(p.get_kind_display())
        if p.kind == PairingKind.CARE and p.resident is not None:
            label = f"{label} · {p.resident.name}"
        out.append(Carer(label, p.person.name, p.started_on, bool(p.visited)))
    return out


def mine_due(user: Any) -> QuerySet[Pairing]:
    """The user's own active pairings whose target they have not visited this period (the
    pairings page `?mine=1&due=1`; the home page's line counts these)."""
    found: QuerySet[Pairing] = pairings(user).filter(person=user, ended_on__isnull=True)
    return found.filter(visited=False)  # type: ignore[misc]  # the annotation


@dataclass
class PairingCoverage:
    households: int
    linked: int
    special: int
    paired: int
    pairings: int
    visited: int

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def linked_share(self) -> float | None:
        return self._share(self.linked, self.households)

    @property
    def paired_share(self) -> float | None:
        return self._share(self.paired, self.special)

    @property
    def visited_share(self) -> float | None:
        return self._share(self.visited, self.pairings)


def coverage(codes: list[str], period: periods.Period | None = None) -> PairingCoverage:
    """Within the areas `codes`: households with a named contact (an active household link),
    special-group residents with an active care pairing, and the pairings whose person
    visited in the period."""
    period = period or periods.current()
    if "" in codes:
        scope_h, scope_p = ~Q(pk__in=[]), ~Q(pk__in=[])
    else:
        scope_h, scope_p = Q(pk__in=[]), Q(pk__in=[])
        for code in codes:
            scope_h |= Q(grid__code__startswith=code)
            scope_p |= Q(area_code__startswith=code)
    active = Pairing.objects.filter(ended_on__isnull=True)
    households = Household.objects.filter(scope_h)
    linked = households.filter(
        Exists(active.filter(household=OuterRef("pk"), kind=PairingKind.HOUSEHOLD_LINK))
    )
    special = Resident.objects.filter(special_q(), household__in=households)
    paired = special.filter(Exists(active.filter(resident=OuterRef("pk"), kind=PairingKind.CARE)))
    mine = active.filter(scope_p)
    return PairingCoverage(
        households=households.count(),
        linked=linked.count(),
        special=special.count(),
        paired=paired.count(),
        pairings=mine.count(),
        visited=mine.filter(visited_for(period)).count(),
    )
