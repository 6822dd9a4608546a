"""Disputes 矛盾纠纷: a case with parties, mediation sessions and a climbing mediation level."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DisputeType(models.TextChoices):
    NEIGHBOURS = "neighbours", _("Neighbours")
    PROPERTY = "property", _("Property management")
    FAMILY = "family", _("Family and marriage")
    LABOUR = "labour", _("Labour and wages")
    LAND = "land", _("Land and housing")
    CONTRACT = "contract", _("Contracts and debts")
    OTHER = "other", _("Other")


class MediationLevel(models.IntegerChoices):
    GRID = 0, _("Grid")
    COMMUNITY = 1, _("Community")
    SUBDISTRICT = 2, _("Subdistrict")
    COURT = 3, _("Referred to court (诉源治理)")


class Dispute(models.Model):
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="dispute"
    )
    dispute_type = models.CharField(_("dispute type"), max_length=20, choices=DisputeType.choices)
    # [{"name": ..., "phone": ..., "role": "applicant" | "respondent"}]
    parties = models.JSONField(_("parties"), default=list)
    mediation_level = models.IntegerField(
        _("mediation level"), choices=MediationLevel.choices, default=MediationLevel.GRID
    )
    agreement = models.TextField(_("agreement"), blank=True, max_length=4000)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self) -> str:
        return f"{self.get_dispute_type_display()} #{self.case_id}"


class Outcome(models.TextChoices):
    AGREED = "agreed", _("Agreement reached")
    PARTIAL = "partial", _("Partly agreed")
    ADJOURNED = "adjourned", _("Adjourned")
    FAILED = "failed", pgettext_lazy("mediation outcome", "Failed")


class MediationSession(models.Model):
    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    level = models.IntegerField(_("level"), choices=MediationLevel.choices)
    mediators = models.CharField(_("mediators"), max_length=200)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_outcome_display()}"
