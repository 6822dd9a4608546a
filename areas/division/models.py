"""Division plans: a proposed set of grids, reviewed per community, approved, then applied."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.division.workflow import BADGE, PlanStatus
from areas.models import Area, Household


class PlanMode(models.TextChoices):
    REDIVIDE = "redivide", _("Repair today's grids (keep good ones)")
    FRESH = "fresh", _("Divide from scratch")


class DivisionPlan(models.Model):
    """A draft division of a community or subdistrict. `result` holds the engine's grids;
    `fingerprint` the state of buildings, households and grids it was drafted on."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="division_plans"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    mode = models.CharField(
        _("mode"), max_length=16, choices=PlanMode.choices, default=PlanMode.REDIVIDE
    )
    min_households = models.PositiveIntegerField(_("minimum households"))
    max_households = models.PositiveIntegerField(_("maximum households"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    # {"grids": [...], "problems": [...], "moves": [...], "current": [...]} (see services.py).
    result = models.JSONField(_("result"), default=dict)
    grid_count = models.PositiveIntegerField(_("grids"), default=0)
    old_grid_count = models.PositiveIntegerField(_("grids today"), default=0)
    total_households = models.PositiveIntegerField(pgettext_lazy("count", "households"), default=0)
    moved_households = models.PositiveIntegerField(_("households moving"), default=0)
    in_bounds = models.PositiveIntegerField(_("grids within bounds"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("drafted"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    # What applying did: grids created/kept/deactivated, workers and branches moved or flagged.
    report = models.JSONField(_("apply report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("division plan")
        verbose_name_plural = _("division plans")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.area.name} #{self.pk}"

    @property
    def badge(self) -> str:
        return BADGE.get(PlanStatus(self.status), "")

    @property
    def moved_share(self) -> float:
        return self.moved_households / self.total_households if self.total_households else 0.0

    def communities(self) -> list[str]:
        return sorted({g["community"] for g in self.result.get("grids", [])})

    def grids(self) -> list[dict[str, Any]]:
        return list(self.result.get("grids", []))


class PlanReview(models.Model):
    """One community's review of a plan (过堂会审): the plan is reviewed when all have one."""

    plan = models.ForeignKey(DivisionPlan, on_delete=models.CASCADE, related_name="reviews")
    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(pgettext_lazy("review", "note"), max_length=500, blank=True)
    at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        constraints = [
            models.UniqueConstraint(fields=["plan", "community"], name="one_review_per_community")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.community}"


class MicroGridHousehold(models.Model):
    """Which micro-grid (an Area of level "microgrid") a household belongs to."""

    microgrid = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="micro_members")
    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="micro_membership"
    )

    class Meta:
        verbose_name = _("micro-grid household")
        verbose_name_plural = _("micro-grid households")

    def __str__(self) -> str:
        return f"{self.microgrid.code} · {self.household.code}"
