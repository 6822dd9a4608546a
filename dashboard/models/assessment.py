"""Monthly assessment (考核) of grid workers and grids: the office's weighted scheme, each
month's assessment of a subdistrict with one row per worker and per grid (the computed
figures stored, never recomputed once reviewed), and appeals (申诉) against a published row.

A published row is never changed: an upheld appeal adds a new row (`version` + 1) that
`replaces` the old one, so the history of every score stays."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemKey(models.TextChoices):
    HANDLED = "handled", pgettext_lazy("assessment item", "Cases handled")
    REPORTED = "reported", pgettext_lazy("assessment item", "Cases reported")
    ON_TIME = "on_time", pgettext_lazy("assessment item", "On-time closure")
    REWORK = "rework", pgettext_lazy("assessment item", "Rework")
    RATING = "rating", pgettext_lazy("assessment item", "Residents' ratings")
    VISITS = "visits", pgettext_lazy("assessment item", "Household visit coverage")
    PATROLS = "patrols", pgettext_lazy("assessment item", "Patrols")
    COMPLAINTS = "complaints", pgettext_lazy("assessment item", "Complaints")


class AssessmentScheme(models.Model):
    """The weights an office sets for its subdistrict (or, as the default of its
    subdistricts, its district). Saving makes a new version; an assessment keeps the version
    it used."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"))
    # {item key: weight}; the weights are whole numbers adding up to 100.
    weights = models.JSONField(_("weights"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("assessment scheme")
        constraints = [
            models.UniqueConstraint(fields=["area", "version"], name="one_scheme_version"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} v{self.version}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment", "Draft, waiting for review")
    REVIEWED = "reviewed", pgettext_lazy("assessment", "Reviewed, waiting to be published")
    PUBLISHED = "published", pgettext_lazy("assessment", "Published")


class MonthlyAssessment(models.Model):
    """A subdistrict's assessment of one month (Asia/Shanghai's calendar month)."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("subdistrict"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))  # its first day
    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default="draft"
    )
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("monthly assessment")
        ordering = ["-month", "area__code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "month"], name="one_assessment_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.month:%Y-%m}"


class Subject(models.TextChoices):
    WORKER = "worker", _("Grid worker")
    GRID = "grid", pgettext_lazy("assessment subject", "Grid")


class AssessmentRow(models.Model):
    """One worker's or one grid's figures, items and score in an assessment. `items` holds
    what was computed, item by item: {key, raw, part, whole, best, normalised, weight,
    points}; `score` is `computed` plus the office's `adjustment` (with its `reason`),
    within 0–100."""

    assessment = models.ForeignKey(MonthlyAssessment, on_delete=models.CASCADE, related_name="rows")
    kind = models.CharField(_("kind"), max_length=10, choices=Subject.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_rows",
    )
    grid = models.ForeignKey(
        "areas.Area", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    items = models.JSONField(_("items"))
    computed = models.DecimalField(_("computed score"), max_digits=6, decimal_places=2)
    adjustment = models.DecimalField(
        _("adjustment"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    reason = models.TextField(_("reason for the adjustment"), blank=True, max_length=2000)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("assessment row")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user", "version"],
                condition=Q(kind="worker"),
                name="one_worker_row_version",
            ),
            models.UniqueConstraint(
                fields=["assessment", "grid", "version"],
                condition=Q(kind="grid"),
                name="one_grid_row_version",
            ),
        ]
        indexes = [models.Index(fields=["user", "assessment"], name="assessment_row_user_idx")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.get_kind_display()} {self.user_id or self.grid_id} v{self.version}"


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("appeal", "Waiting for a decision")
    UPHELD = "upheld", pgettext_lazy("appeal", "Upheld")
    REJECTED = "rejected", pgettext_lazy("appeal", "Rejected")


class Appeal(models.Model):
    """A worker's appeal against one item of their published row; the office upholds it
    (a new row with the adjustment and the reason) or rejects it with a reason."""

    row = models.ForeignKey(AssessmentRow, on_delete=models.PROTECT, related_name="appeals")
    item = models.CharField(_("item"), max_length=20, choices=ItemKey.choices)
    reason = models.TextField(pgettext_lazy("appeal", "reason"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=AppealStatus.choices, default="submitted"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision = models.TextField(pgettext_lazy("appeal", "decision"), blank=True, max_length=1000)
    points = models.DecimalField(
        _("points adjusted"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    new_row = models.ForeignKey(
        AssessmentRow, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("appeal")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["row", "item"],
                condition=Q(status="submitted"),
                name="one_open_appeal_an_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.row} · {self.get_item_display()}"
