"""Volunteering's figures for party star rating (`party.stars.measures`), registered in
`VolunteeringConfig.ready`: party, a lower app, never reads volunteering itself.

- service_hours (双报到): hours of the confirmed orders a branch's members served in the year,
  per member of the branch (and of its groups);
- wishes_fulfilled: micro-wishes claimed by the branch's members and confirmed in the year;
- claims_delivered (双向领办): needs and projects the branch's members claimed whose delivery
  the community rated in the year.

Years are Asia/Shanghai's (the `__year` lookups run in the current time zone).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from party.models import PartyMember
from party.stars.measures import Measure, register
from volunteering.models import Claim, ClaimStatus, MicroWish, Order, OrderStatus, WishStatus


def _branch_of(branches: Sequence[Any]) -> dict[int, int]:
    """Each member of the branches or their groups → the branch."""
    pks = [b.pk for b in branches]
    rows = PartyMember.objects.filter(
        Q(organisation__in=pks) | Q(organisation__parent__in=pks)
    ).values_list("pk", "organisation_id", "organisation__parent_id")
    wanted = set(pks)
    return {pk: org if org in wanted or parent is None else parent for pk, org, parent in rows}


def service_hours(branches: Sequence[Any], year: int) -> dict[int, Decimal]:
    members = _branch_of(branches)
    size: dict[int, int] = {}
    for branch in members.values():
        size[branch] = size.get(branch, 0) + 1
    hours: dict[int, Decimal] = {}
    rows = (
        Order.objects.filter(
            taker__party_member__in=list(members),
            status=OrderStatus.CONFIRMED,
            confirmed_at__year=year,
        )
        .values("taker__party_member")
        .annotate(h=Sum("hours"))
    )
    for row in rows:
        branch = members[row["taker__party_member"]]
        hours[branch] = hours.get(branch, Decimal(0)) + (row["h"] or Decimal(0))
    return {
        b.pk: (hours.get(b.pk, Decimal(0)) / size[b.pk]).quantize(Decimal("0.01"))
        if size.get(b.pk)
        else Decimal(0)
        for b in branches
    }


def wishes_fulfilled(branches: Sequence[Any], year: int) -> dict[int, Decimal]:
    members = _branch_of(branches)
    found = {b.pk: Decimal(0) for b in branches}
    rows = (
        MicroWish.objects.filter(
            claimer_member__in=list(members),
            status=WishStatus.CONFIRMED,
            confirmed_at__year=year,
        )
        .values("claimer_member")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        found[members[row["claimer_member"]]] += row["n"]
    return found


def claims_delivered(branches: Sequence[Any], year: int) -> dict[int, Decimal]:
    members = _branch_of(branches)
    found = {b.pk: Decimal(0) for b in branches}
    rows = (
        Claim.objects.filter(
            member__in=list(members), status=ClaimStatus.RATED, rated_at__year=year
        )
        .values("member")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        found[members[row["member"]]] += row["n"]
    return found


def register_measures() -> None:
    register(
        Measure("service_hours", _("Members' service hours"), _("hours per member"), service_hours)
    )
    register(
        Measure("wishes_fulfilled", _("Micro-wishes fulfilled"), _("wishes"), wishes_fulfilled)
    )
    register(Measure("claims_delivered", _("Claims delivered"), _("claims"), claims_delivered))
