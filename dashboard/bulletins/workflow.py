"""The bulletin workflow (`core.workflow`): a draft is published; publishing a correction
supersedes the version it corrects. A published bulletin takes no more edits. The audit
entries ("dashboard.bulletin.<action>") are the history."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from core.workflow import Table
from dashboard.bulletins.models import BulletinStatus as S

LABELS = {
    "publish": pgettext_lazy("bulletin", "Publish"),
    "supersede": pgettext_lazy("bulletin", "Superseded by a correction"),
}

BULLETINS = Table.by_action(
    "dashboard.bulletin",
    S,
    {
        "publish": ((S.DRAFT,), S.PUBLISHED),
        "supersede": ((S.PUBLISHED,), S.SUPERSEDED),
    },
    labels=LABELS,
    audit="dashboard.bulletin.{action}",
)
