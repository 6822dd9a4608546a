"""The states of an import job and the one table of allowed transitions (`core.workflow`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Table


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    VALIDATING = "validating", _("Checking rows")
    WRITING = "writing", _("Saving")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Rejected: bad rows")
    FAILED = "failed", _("Failed")


S = JobStatus
FINISHED = frozenset({S.DONE, S.REJECTED, S.FAILED})
COLOURS = {S.DONE: "green", S.REJECTED: "red", S.FAILED: "red"}

# A job is claimed by one worker (pending → validating), written, and finished: imported,
# rejected for bad rows, or failed. Its report and audit entries are its history.
JOBS = Table.by_action(
    "registers.importjob",
    JobStatus,
    {
        "validate": ({S.PENDING}, S.VALIDATING),
        "write": ({S.VALIDATING}, S.WRITING),
        "finish": ({S.WRITING}, S.DONE),
        "reject": ({S.PENDING, S.VALIDATING, S.WRITING}, S.REJECTED),
        "fail": ({S.PENDING, S.VALIDATING, S.WRITING}, S.FAILED),
    },
    audit=None,
)
