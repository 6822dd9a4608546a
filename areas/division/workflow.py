"""The states of a division plan and the one table of allowed transitions (`core.workflow`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Table


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed by the communities")
    APPROVED = "approved", _("Approved by the subdistrict")
    APPLIED = "applied", _("Applied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = PlanStatus

BADGE = {
    S.DRAFT: "amber",
    S.REVIEWED: "amber",
    S.APPROVED: "green",
    S.APPLIED: "green",
    S.WITHDRAWN: "red",
}

# The move each action makes: the state it leads to (for the refusal's words).
_TARGETS = {
    "review": S.REVIEWED,
    "approve": S.APPROVED,
    "apply": S.APPLIED,
    "withdraw": S.WITHDRAWN,
}


def refused(state: str, action: str) -> str:
    return str(
        _("A plan that is %(status)s cannot become %(new)s.")
        % {"status": S(state).label, "new": _TARGETS[action].label}
    )


# Drafted → reviewed by every community → approved by the subdistrict → applied; withdrawn
# at any point before it is applied.
PLANS = Table.by_action(
    "division.divisionplan",
    PlanStatus,
    {
        "review": ({S.DRAFT}, S.REVIEWED),
        "approve": ({S.REVIEWED}, S.APPROVED),
        "apply": ({S.APPROVED}, S.APPLIED),
        "withdraw": ({S.DRAFT, S.REVIEWED, S.APPROVED}, S.WITHDRAWN),
    },
    audit="division.plan_status",
    # Applying says what it did (grids created, kept, retired; households, workers, branches).
    audit_names={"apply": "division.plan_applied"},
    refused=refused,
)
