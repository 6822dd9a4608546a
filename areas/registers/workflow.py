"""The states of an import job and the one table of allowed transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    VALIDATING = "validating", _("Checking rows")
    WRITING = "writing", _("Saving")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Rejected: bad rows")
    FAILED = "failed", _("Failed")


S = JobStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.VALIDATING, S.REJECTED, S.FAILED}),
    S.VALIDATING: frozenset({S.WRITING, S.REJECTED, S.FAILED}),
    S.WRITING: frozenset({S.DONE, S.REJECTED, S.FAILED}),
    S.DONE: frozenset(),
    S.REJECTED: frozenset(),
    S.FAILED: frozenset(),
}
FINISHED = frozenset({S.DONE, S.REJECTED, S.FAILED})
COLOURS = {S.DONE: "green", S.REJECTED: "red", S.FAILED: "red"}


def allowed(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())
