"""Screening campaigns (排查, 敲门行动): an area, a period, a questionnaire, and one row per
household of the area that a grid worker records. General on purpose: emergency mode's
screenings are campaigns of another `kind`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    SCREENING = "screening", _("Door-to-door screening")
    EMERGENCY = "emergency", _("Emergency screening")


class Campaign(models.Model):
    """A campaign covers an area's households over a period. `questionnaire` is the office's
    list of typed fields (`fieldwork.questionnaire`), checked when the campaign is launched
    and each answer against it when a household is recorded."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CampaignKind.choices, default=CampaignKind.SCREENING
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("area")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    questionnaire = models.JSONField(_("questionnaire"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("screening campaign")
        verbose_name_plural = _("screening campaigns")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    PENDING = "pending", _("Not yet reached")
    NOT_HOME = "not_home", _("Not at home")
    REACHED = "reached", _("Reached")
    REFUSED = "refused", _("Refused")
    VACANT = "vacant", _("Vacant")


# Reached or explained: the "不漏一户" figure counts these.
SETTLED = (Outcome.REACHED, Outcome.REFUSED, Outcome.VACANT)


class CampaignHousehold(models.Model):
    """One household of a campaign, given to a worker posted to its grid. Its outcome moves
    through `fieldwork.workflow.CAMPAIGN_HOUSEHOLDS`; `revision` counts the records, so a
    worker whose form is out of date is told another worker recorded it first."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="households")
    household = models.ForeignKey(
        "areas.Household", on_delete=models.CASCADE, related_name="+", verbose_name=_("household")
    )
    grid = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("grid")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_households",
        verbose_name=_("grid worker"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("campaign household")
        verbose_name_plural = _("campaign households")
        ordering = ["campaign", "household__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "household"], name="campaignhousehold_once"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "grid", "outcome"], name="campaignhh_grid_idx"),
            models.Index(fields=["worker", "outcome"], name="campaignhh_worker_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.household_id}"
