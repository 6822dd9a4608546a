"""Household visits (民情日记): who went to which household on which day, what they found and
what the household asked for, with a photo and where the phone was."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.media import RandomName

FOUND_MAX = 2000
NEEDS_MAX = 2000


class VisitKind(models.TextChoices):
    ROUTINE = "routine", _("Routine visit")
    CARE = "care", _("Care of a special group")
    FOLLOW_UP = "follow_up", _("Follow-up")
    ON_REQUEST = "on_request", _("On request")


class Visit(models.Model):
    household = models.ForeignKey(
        "areas.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="visits",
        db_index=False,  # visit_household_idx (household, visited_on)
    )
    visited_on = models.DateField(_("visit date"))
    kind = models.CharField(_("kind"), max_length=12, choices=VisitKind.choices)
    visitors: models.ManyToManyField[Any, VisitVisitor] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitors"),
        through="VisitVisitor",
        related_name="visits",
    )
    found = models.TextField(_("what was found"), blank=True)
    needs = models.TextField(_("needs raised"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=RandomName("visits"), blank=True)
    # The phone's position when recorded, and its distance from the household's building.
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("distance from the building (m)"), null=True)
    far = models.BooleanField(_("far from the building"), default=False)
    # A visitor was posted to the household's grid (定岗): the visit counts for the grid's rule.
    by_posted_worker = models.BooleanField(_("by a posted grid worker"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, blank=True)

    # Set by do_record_visit: True when a retried submission returned the visit it made.
    replayed: bool = False

    class Meta:
        verbose_name = _("household visit")
        verbose_name_plural = _("household visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recorded_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="visit_idempotency_per_recorder",
            ),
        ]
        indexes = [
            models.Index(fields=["household", "visited_on"], name="visit_household_idx"),
            models.Index(fields=["visited_on"], name="visit_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.visited_on}"


class VisitVisitor(models.Model):
    """One visitor of a visit (the coverage by worker counts these)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="visitor_rows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visitor_rows"
    )

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        constraints = [
            models.UniqueConstraint(fields=["visit", "user"], name="visit_visitor_once"),
        ]
        indexes = [models.Index(fields=["user", "visit"], name="visit_visitor_user_idx")]
