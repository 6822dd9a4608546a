"""Reads of the 两新 register: what a user may see, coverage per area (两个覆盖: covered ÷
organisations), the review items and certification reviews due, and the home page's lines.

`coverage(orgs, areas)` is the one answer to "how many 两新 organisations of an area have a
party organisation" (their own, or a joint one); the pages and the API ask it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from accounts import access
from accounts.roles import Capability
from areas.models import Area
from core import timeutil
from core.home import Line
from party import permissions
from party.joint.models import OPEN_STATUSES
from party.neworgs.models import (
    Certification,
    CertificationResult,
    Coverage,
    NewOrganisation,
    ReviewItem,
)

DUE_WITHIN = 14  # days: review items due by then are listed on the home page
REVIEW_NOTICE = 30  # days: certifications whose yearly review falls by then


@dataclass(frozen=True)
class Cover:
    area: Area
    total: int = 0
    covered: int = 0
    own: int = 0

    @property
    def share(self) -> float | None:
        """Covered ÷ organisations (None when the area has none)."""
        return self.covered / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


def organisations(user: Any) -> QuerySet[NewOrganisation]:
    return permissions.new_organisations_visible_to(user).select_related(
        "area", "party_organisation"
    )


def coverage(orgs: QuerySet[NewOrganisation], areas: Iterable[Area]) -> list[Cover]:
    """Each area's organisations among `orgs` (its own and its subtree's), covered and with
    their own party organisation, in one query."""
    areas = list(areas)
    rows = orgs.filter(
        Q.create([("area__code__startswith", a.code) for a in areas], connector=Q.OR)
    ).values_list("area__code", "coverage")
    counts = {a.code: [0, 0, 0] for a in areas}
    for code, cover in rows:
        for a in areas:
            if code.startswith(a.code):
                n = counts[a.code]
                n[0] += 1
                n[1] += cover != Coverage.NONE
                n[2] += cover == Coverage.OWN
    return [Cover(a, *counts[a.code]) for a in areas]


def coverage_of_reach(user: Any) -> Cover | None:
    """The coverage of the highest area where the user views party organisations."""
    codes = access.area_codes(user, Capability.VIEW_PARTY)
    area = Area.objects.filter(code=min(codes, key=len)).first() if codes else None
    return coverage(organisations(user), [area])[0] if area is not None else None


def _editing_q(user: Any, path: str) -> Q:
    return permissions.scope_q(user, path, Capability.EDIT_PARTY)


def items_due(user: Any, today: dt.date | None = None) -> QuerySet[ReviewItem]:
    """The open items of the reviews of organisations the user edits, due within
    `DUE_WITHIN` days or overdue."""
    today = today or timeutil.today()
    return (
        ReviewItem.objects.filter(_editing_q(user, "review__organisation__area__code"))
        .filter(status__in=OPEN_STATUSES, deadline__lte=today + dt.timedelta(days=DUE_WITHIN))
        .select_related("review__organisation")
        .order_by("deadline", "pk")
    )


def reviews_due(user: Any, today: dt.date | None = None) -> QuerySet[Certification]:
    """双强红领 certifications the user reviews whose yearly review falls within
    `REVIEW_NOTICE` days or has passed."""
    today = today or timeutil.today()
    return (
        Certification.objects.filter(_editing_q(user, "organisation__area__code"))
        .exclude(result=CertificationResult.FAILED)
        .filter(review_on__lte=today + dt.timedelta(days=REVIEW_NOTICE))
        .select_related("organisation")
        .order_by("review_on", "pk")
    )


def home_lines(user: Any) -> list[Line]:
    if user is None or not user.is_authenticated or not permissions.may_edit_somewhere(user):
        return []
    items = items_due(user).count()
    certs = reviews_due(user).count()
    return [
        Line(
            "neworgs.items_due",
            ngettext(
                "%(n)d item of a benchmark review due",
                "%(n)d items of benchmark reviews due",
                items,
            )
            % {"n": items},
            items,
            reverse("party:review_items"),
            "party",
        ),
        Line(
            "neworgs.certifications_due",
            ngettext(
                "%(n)d 双强红领 certification to review",
                "%(n)d 双强红领 certifications to review",
                certs,
            )
            % {"n": certs},
            certs,
            reverse("party:review_items") + "#certifications",
            "party",
        ),
    ]
