"""ImportJob: one upload of a register file, its progress, counts and row errors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.registers.workflow import COLOURS, FINISHED, JobStatus
from core.i18n import render


class Register(models.TextChoices):
    AREAS = "areas", _("Areas")
    COMPOUNDS = "compounds", _("Compounds")
    BUILDINGS = "buildings", _("Buildings")
    HOUSEHOLDS = "households", _("Households")
    RESIDENTS = "residents", _("Residents")
    ROADS = "roads", _("Roads")
    WATER_BODIES = "water_bodies", _("Water bodies")
    SERVICE_POINTS = "service_points", _("Service points")


class ImportJob(models.Model):
    # A key of areas.registers.specs.SPECS (apps above areas add registers of their own).
    register = models.CharField(_("register"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_imports",
    )
    filename = models.CharField(_("file name"), max_length=200)
    # The uploaded file of a background job, kept in the database until the job finishes:
    # every worker can read it and it is never served from the public media folder (it holds
    # full phone and ID numbers). Emptied when the job finishes; the report stays.
    content = models.BinaryField(_("file"), editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    background = models.BooleanField(_("background task"), default=False)
    # The token of the process that runs the job (core.liveness): while its lock is held the
    # job is alive; a job unfinished with its lock free was left by a process that died.
    runner = models.PositiveIntegerField(_("runner"), null=True, blank=True, editable=False)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(pgettext_lazy("rows", "created"), default=0)
    updated_count = models.PositiveIntegerField(pgettext_lazy("rows", "updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("bad rows"), default=0)
    # [{"row": 7, "column": "phone", "message": msgid, "params": {...}}] (engine.Errors), the
    # first MAX_STORED_ERRORS only, rendered by engine.rendered in the reader's language. Jobs
    # stored before have the message as text and no params: it shows as it was written.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    # The message as `core.i18n.Deferred` data, shown in the reader's language (`message_text`);
    # `message` keeps it as text in the language it was written in (jobs before have only that).
    message_data = models.JSONField(_("message data"), default=dict, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.register_label} · {self.filename}"

    @property
    def message_text(self) -> str:
        return render(self.message_data) if self.message_data else self.message

    @property
    def register_label(self) -> str:
        from areas.registers import specs

        return specs.label(self.register)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.processed * 100 // self.total)

    @property
    def colour(self) -> str:
        return COLOURS.get(JobStatus(self.status), "amber")
