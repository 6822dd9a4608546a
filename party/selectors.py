"""Reads of party organisations under party.permissions (capability `view_party`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.roles import Capability
from areas.models import Area
from core.home import Line
from party import permissions
from party.models import PartnershipAgreement, PartnerUnit, PartyMember, PartyOrganisation


def organisations(
    user: Any, capability: str = Capability.VIEW_PARTY
) -> QuerySet[PartyOrganisation]:
    return PartyOrganisation.objects.filter(permissions.scope_q(user, "area__code", capability))


def members(user: Any) -> QuerySet[PartyMember]:
    return permissions.members_visible_to(user)


def partner_units(user: Any, capability: str = Capability.VIEW_PARTY) -> QuerySet[PartnerUnit]:
    return PartnerUnit.objects.filter(permissions.scope_q(user, "area__code", capability))


def get_organisation(
    user: Any, pk: int, capability: str = Capability.VIEW_PARTY
) -> PartyOrganisation:
    org = PartyOrganisation.objects.select_related("area", "parent", "secretary").filter(pk=pk)
    found = org.first()
    if found is None:
        raise Http404
    permissions.require(user, capability, found.area.code)
    return found


def get_member(user: Any, pk: int, capability: str = Capability.VIEW_PARTY) -> PartyMember:
    found = PartyMember.objects.select_related("organisation__area").filter(pk=pk).first()
    if found is None:
        raise Http404
    permissions.require(user, capability, found.organisation.area.code)
    return found


def get_partner_unit(user: Any, pk: int, capability: str = Capability.VIEW_PARTY) -> PartnerUnit:
    found = PartnerUnit.objects.select_related("area").filter(pk=pk).first()
    if found is None:
        raise Http404
    permissions.require(user, capability, found.area.code)
    return found


def get_agreement(
    user: Any, pk: int, capability: str = Capability.VIEW_PARTY
) -> PartnershipAgreement:
    found = (
        PartnershipAgreement.objects.select_related("organisation__area", "unit")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    permissions.require(user, capability, found.organisation.area.code)
    return found


@dataclass
class Node:
    org: PartyOrganisation
    children: list[Node] = field(default_factory=list)


def tree(user: Any) -> list[Node]:
    """The organisations the user may see as a forest: one query, roots are those whose
    parent is out of sight (or absent)."""
    orgs = list(
        organisations(user)
        .select_related("area")
        .annotate(member_count=Count("members"))
        .order_by("area__code", "level", "name")
    )
    nodes = {o.pk: Node(o) for o in orgs}
    roots: list[Node] = []
    for o in orgs:
        parent = nodes.get(o.parent_id) if o.parent_id else None
        (parent.children if parent else roots).append(nodes[o.pk])
    _totals({o.pk: (o.parent_id, o.member_count) for o in orgs}, orgs)  # type: ignore[attr-defined]
    return roots


def with_member_totals(orgs: Iterable[PartyOrganisation]) -> list[PartyOrganisation]:
    """Sets `member_total` on each organisation: its own members and those of every
    organisation under it (a community's extended committee holds none itself; its branches
    do). One query over the organisations in their areas."""
    found = list(orgs)
    q = Q(pk__in=[])
    for code in {o.area.code for o in found}:
        q |= Q(area__code__startswith=code)
    rows = PartyOrganisation.objects.filter(q).annotate(n=Count("members"))
    _totals({pk: (parent, n) for pk, parent, n in rows.values_list("pk", "parent_id", "n")}, found)
    return found


def _totals(rows: dict[int, tuple[int | None, int]], orgs: Sequence[PartyOrganisation]) -> None:
    below: dict[int | None, list[int]] = {}
    for pk, (parent, _n) in rows.items():
        below.setdefault(parent, []).append(pk)
    memo: dict[int, int] = {}

    def total(pk: int) -> int:
        if pk not in memo:
            memo[pk] = rows[pk][1] + sum(total(c) for c in below.get(pk, ()))
        return memo[pk]

    for o in orgs:
        o.member_total = total(o.pk) if o.pk in rows else 0  # type: ignore[attr-defined]


def communities_for(user: Any, capability: str = Capability.EDIT_PARTY) -> QuerySet[Area]:
    return Area.objects.filter(level="community").filter(
        permissions.scope_q(user, "code", capability)
    )


def registrations(user: Any) -> QuerySet[PartyMember]:
    """双报到: in-service members registered with a community the user may see."""
    return PartyMember.objects.filter(in_service=True, home_community__isnull=False).filter(
        permissions.scope_q(user, "home_community__code", Capability.VIEW_PARTY)
    )


def home_lines(user: Any) -> list[Line]:
    """三会一课 due, star self-assessments due and to review, and commitments (one's own due,
    the organisations' past their deadline, those serving where one lives), each counted from
    the list it links to. The keys are the home page's data-line names."""
    from party.commitments import selectors as commitments
    from party.life.selectors import due_now, recording_orgs
    from party.stars import selectors as stars

    lines: list[Line] = []
    counted = commitments.home(user, commitments.editing_orgs(user))
    if permissions.may_see_party(user):
        n = len(due_now(recording_orgs(user)))
        lines.append(
            Line(
                "meetings-due",
                ngettext(
                    "%(n)d meeting (三会一课) due this period",
                    "%(n)d meetings (三会一课) due this period",
                    n,
                )
                % {"n": n},
                n,
                reverse("party:life"),
                "party",
            )
        )
        n = len(stars.due(user))
        lines.append(
            Line(
                "stars-due",
                ngettext("%(n)d star self-assessment due", "%(n)d star self-assessments due", n)
                % {"n": n},
                n,
                reverse("party:stars"),
                "party",
            )
        )
        n = len(stars.to_review(user))
        lines.append(
            Line(
                "stars-to-review",
                ngettext("%(n)d star assessment to review", "%(n)d star assessments to review", n)
                % {"n": n},
                n,
                reverse("party:stars"),
                "party",
            )
        )
    url = reverse("party:commitments")
    n = counted.get("commitments_overdue", 0)
    lines.append(
        Line(
            "commitments-overdue",
            ngettext(
                "%(n)d commitment past its deadline", "%(n)d commitments past their deadline", n
            )
            % {"n": n},
            n,
            f"{url}?line=commitments_overdue",
            "party",
            urgent=True,
        )
    )
    n = counted.get("commitments_due", 0)
    lines.append(
        Line(
            "commitments-due",
            ngettext(
                "My commitments: %(n)d due within 30 days",
                "My commitments: %(n)d due within 30 days",
                n,
            )
            % {"n": n},
            n,
            f"{url}?line=commitments_due",
            "party",
        )
    )
    n = counted.get("commitments_here", 0)
    lines.append(
        Line(
            "commitments-here",
            ngettext(
                "%(n)d public commitment serves where you live",
                "%(n)d public commitments serve where you live",
                n,
            )
            % {"n": n},
            n,
            f"{url}?line=commitments_here",
            "party",
        )
    )
    return lines
