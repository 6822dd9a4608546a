"""The item workflow (`core.workflow`), one table per model that works on items until done:
a unit's yearly task, a joint meeting's follow-up, a benchmark review's item. open → in
progress (start) → done; done from open too. Each move is audited ("party.<model>.<action>");
the audit log is their history (who, when, the note)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from core.workflow import Table
from party.joint.models import ItemStatus as S

LABELS = {
    "start": pgettext_lazy("item", "Started"),
    "done": pgettext_lazy("item", "Done"),
}
SPEC = {
    "start": ((S.OPEN,), S.IN_PROGRESS),
    "done": ((S.OPEN, S.IN_PROGRESS), S.DONE),
}


def _table(model: str, audit: str) -> Table:
    return Table.by_action(model, S, SPEC, labels=LABELS, audit=audit)


TASKS = _table("party.unittask", "party.joint.task.{action}")
FOLLOW_UPS = _table("party.followup", "party.joint.follow_up.{action}")
REVIEW_ITEMS = _table("party.reviewitem", "party.neworgs.item.{action}")
