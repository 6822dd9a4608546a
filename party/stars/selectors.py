"""Reads of star rating: the branches a user assesses, the assessments waiting for them, an
organisation's years, and the published ratings everyone may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core import timeutil
from party import permissions
from party.models import OrgLevel, PartyOrganisation
from party.stars.models import Assessment, AssessmentStatus

RELATED = ("organisation__area__parent", "organisation__parent__area", "organisation__secretary")
WAITING = (AssessmentStatus.SUBMITTED, AssessmentStatus.REVIEWED)


def assessments(user: Any) -> QuerySet[Assessment]:
    return permissions.assessments_visible_to(user).select_related(*RELATED)


def get_assessment(user: Any, pk: int) -> Assessment | None:
    found = assessments(user).filter(pk=pk).first()
    return found if found is not None and permissions.can_view_assessment(user, found) else None


def self_assessing(user: Any) -> list[PartyOrganisation]:
    """The branches the user assesses (as their secretary, not from the level above)."""
    branches = (
        PartyOrganisation.objects.filter(
            permissions.scope_q(user, "area__code", permissions.EDIT), level=OrgLevel.BRANCH
        )
        .select_related("area__parent", "parent__area", "secretary")
        .order_by("area__code", "name")
    )
    return [b for b in branches[:200] if permissions.may_self_assess(user, b)]


def due(user: Any, year: int | None = None) -> list[tuple[PartyOrganisation, Assessment | None]]:
    """The user's branches whose self-assessment of the year (this year by default) is not
    yet submitted: not opened, or still being scored."""
    year = year or timeutil.today().year
    branches = self_assessing(user)
    found = {
        a.organisation_id: a
        for a in Assessment.objects.filter(organisation__in=branches, year=year)
    }
    return [
        (b, found.get(b.pk))
        for b in branches
        if b.pk not in found or found[b.pk].status == AssessmentStatus.DRAFT
    ]


def to_review(user: Any) -> list[Assessment]:
    """Assessments waiting for the user at the level above: to review or to publish."""
    waiting = (
        Assessment.objects.filter(
            permissions.scope_q(user, "organisation__area__code", permissions.EDIT),
            status__in=WAITING,
        )
        .select_related(*RELATED, "organisation__area")
        .order_by("-year", "organisation__area__code")
    )
    return [a for a in waiting[:200] if permissions.may_review_assessment(user, a)]


def history(org: PartyOrganisation, user: Any) -> list[Assessment]:
    """The organisation's assessments, latest year first, that the user may see."""
    return [
        a
        for a in org.star_assessments.order_by("-year")
        if a.status == AssessmentStatus.PUBLISHED
        or permissions.may(user, permissions.VIEW, org.area.code)
    ]


def latest_published(org: PartyOrganisation) -> Assessment | None:
    return org.star_assessments.filter(status=AssessmentStatus.PUBLISHED).order_by("-year").first()


def published(year: int | None = None) -> QuerySet[Assessment]:
    qs = Assessment.objects.filter(status=AssessmentStatus.PUBLISHED).select_related(
        "organisation__area__parent"
    )
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-stars", "organisation__area__code")


def published_years() -> list[int]:
    return list(
        Assessment.objects.filter(status=AssessmentStatus.PUBLISHED)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
