"""The states of a division plan and the one table of allowed transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed by the communities")
    APPROVED = "approved", _("Approved by the subdistrict")
    APPLIED = "applied", _("Applied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = PlanStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.REVIEWED, S.WITHDRAWN}),
    S.REVIEWED: frozenset({S.APPROVED, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.APPLIED, S.WITHDRAWN}),
    S.APPLIED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

BADGE = {
    S.DRAFT: "amber",
    S.REVIEWED: "amber",
    S.APPROVED: "green",
    S.APPLIED: "green",
    S.WITHDRAWN: "red",
}


def allowed(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())
