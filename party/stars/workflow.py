"""The star-assessment workflow (`core.workflow`): the branch's self-assessment is submitted,
the level above reviews it (or returns it to the branch with a note), then publishes it.
A published assessment is final. Each step writes an `AssessmentStep` and an audit entry
("party.stars.submit", …)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from core.workflow import Step, Table
from party.stars.models import AssessmentStatus as S
from party.stars.models import AssessmentStep


def _history(step: Step) -> None:
    AssessmentStep.objects.create(
        assessment=step.obj,
        action=step.action,
        before=step.before,
        after=step.after,
        actor=step.actor,
        note=step.note,
    )


ASSESSMENTS = Table.by_action(
    "party.assessment",
    S,
    {
        "submit": ([S.DRAFT], S.SUBMITTED),
        "review": ([S.SUBMITTED], S.REVIEWED),
        "return": ([S.SUBMITTED, S.REVIEWED], S.DRAFT),
        "publish": ([S.REVIEWED], S.PUBLISHED),
    },
    labels={
        "submit": pgettext_lazy("star assessment", "Submit the self-assessment"),
        "review": pgettext_lazy("star assessment", "Confirm the review"),
        "return": pgettext_lazy("star assessment", "Return to the branch"),
        "publish": pgettext_lazy("star assessment", "Publish"),
    },
    audit="party.stars.{action}",
    history=_history,
)
