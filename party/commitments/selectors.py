"""Reads of commitments: what the user may see, the figures per organisation and year, and
the lines of the home page.

`figures(org, year)` is the one answer to "how did this organisation keep its word": the
commitments made for `year` (their deadline's year) by the organisation and its members,
those fulfilled (达成量) and the share fulfilled. The star rating reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from core import timeutil
from party import permissions
from party.commitments.models import OPEN, Commitment, CommitmentStatus
from party.models import PartyOrganisation

DUE_WITHIN = 30  # days: a member's home page lists their open commitments due by then


@dataclass(frozen=True)
class Figures:
    made: int = 0
    fulfilled: int = 0
    not_fulfilled: int = 0

    @property
    def open(self) -> int:
        return self.made - self.fulfilled - self.not_fulfilled

    @property
    def share(self) -> float | None:
        """Fulfilled ÷ made (None when nothing was made)."""
        return self.fulfilled / self.made if self.made else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


def figures_of(orgs: Iterable[PartyOrganisation], year: int) -> dict[int, Figures]:
    """The figures of each organisation for `year`, in one query."""
    pks = [o.pk for o in orgs]
    rows = (
        Commitment.objects.filter(organisation__in=pks, year=year)
        .values("organisation")
        .annotate(
            made=Count("pk"),
            fulfilled=Count("pk", filter=Q(status=CommitmentStatus.FULFILLED)),
            not_fulfilled=Count("pk", filter=Q(status=CommitmentStatus.NOT_FULFILLED)),
        )
    )
    found = {pk: Figures() for pk in pks}
    for row in rows:
        found[row["organisation"]] = Figures(row["made"], row["fulfilled"], row["not_fulfilled"])
    return found


def figures(org: PartyOrganisation, year: int) -> Figures:
    """Made, fulfilled (达成量) and the share fulfilled of the commitments for `year` of the
    organisation and its members."""
    return figures_of([org], year)[org.pk]


def commitments(user: Any) -> QuerySet[Commitment]:
    return permissions.commitments_visible_to(user).select_related("organisation", "member", "area")


def with_ratings(qs: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return qs.annotate(rating_count=Count("ratings"), rating_average=Avg("ratings__stars"))


def due_for(member: Any, today: dt.date | None = None) -> QuerySet[Commitment]:
    """A member's open commitments due within `DUE_WITHIN` days, or overdue."""
    today = today or timeutil.today()
    return Commitment.objects.filter(
        member=member, status__in=OPEN, deadline__lte=today + dt.timedelta(days=DUE_WITHIN)
    ).order_by("deadline", "pk")


def overdue(
    orgs: Iterable[PartyOrganisation], today: dt.date | None = None
) -> QuerySet[Commitment]:
    """The open commitments of the organisations (and their members) past their deadline."""
    today = today or timeutil.today()
    return Commitment.objects.filter(
        organisation__in=[o.pk for o in orgs], status__in=OPEN, deadline__lt=today
    ).order_by("deadline", "pk")


def of_my_area(user: Any) -> QuerySet[Commitment]:
    """The commitments serving the area the user lives in."""
    served = {c[:n] for c in permissions.home_codes(user) for n in range(1, len(c) + 1)}
    return Commitment.objects.filter(area__code__in=sorted(served))


def home_lists(
    user: Any, secretary_orgs: Iterable[PartyOrganisation] = ()
) -> dict[str, QuerySet[Commitment]]:
    """What the home page counts, by line: the user's own commitments due, their
    organisations' commitments past the deadline, those serving where they live. The
    commitments page filtered by a line (`?line=commitments_due`) lists the same."""
    lines: dict[str, QuerySet[Commitment]] = {}
    member = permissions.member_of(user)
    if member is not None:
        lines["commitments_due"] = due_for(member)
    orgs = list(secretary_orgs)
    if orgs:
        lines["commitments_overdue"] = overdue(orgs)
    if permissions.home_codes(user):
        # This year's and those already made for next year (a December's commitments).
        this_year = timeutil.today().year
        lines["commitments_here"] = of_my_area(user).filter(year__gte=this_year)
    return lines


def editing_orgs(user: Any) -> QuerySet[PartyOrganisation]:
    """The organisations the user keeps (edits): whose overdue commitments wait for them."""
    return PartyOrganisation.objects.filter(
        permissions.scope_q(user, "area__code", permissions.EDIT)
    )


def home(user: Any, secretary_orgs: Iterable[PartyOrganisation] = ()) -> dict[str, int]:
    """The home page's counts of `home_lists`."""
    return {key: qs.count() for key, qs in home_lists(user, secretary_orgs).items()}
