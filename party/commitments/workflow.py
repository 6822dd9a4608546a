"""The commitment workflow (`core.workflow`): made → in progress (by a progress note; further
notes keep it there) → fulfilled, or not fulfilled with the reason. A closed commitment takes
no more notes. Each move writes a `CommitmentEvent` (the note, or the reason) and an audit
entry "party.commitment.<action>"."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from core.workflow import Step, Table
from party.commitments.models import CommitmentEvent
from party.commitments.models import CommitmentStatus as S

LABELS = {
    "make": pgettext_lazy("commitment", "Made"),
    "progress": pgettext_lazy("commitment", "Progress"),
    "fulfil": pgettext_lazy("commitment", "Fulfilled"),
    "fail": pgettext_lazy("commitment", "Not fulfilled"),
}


def _event(step: Step) -> None:
    CommitmentEvent.objects.create(
        commitment=step.obj,
        action=step.action,
        before=step.before,
        after=step.after,
        actor=step.actor,
        note=step.note,
    )


COMMITMENTS = Table.by_action(
    "party.commitment",
    S,
    {
        "progress": ((S.MADE, S.IN_PROGRESS), S.IN_PROGRESS),
        "fulfil": ((S.MADE, S.IN_PROGRESS), S.FULFILLED),
        "fail": ((S.MADE, S.IN_PROGRESS), S.NOT_FULFILLED),
    },
    labels=LABELS,
    audit="party.commitment.{action}",
    history=_event,
)
