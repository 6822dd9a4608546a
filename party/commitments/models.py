"""Commitments (承诺践诺): what a member or an organisation committed to, its history (the
moves and progress notes) and residents' ratings. Imported by `party.models`, so these are
the party app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area, Resident
from party.models import PartyMember, PartyOrganisation

TEXT_MAX = 300
NOTE_MAX = 500


class CommitmentStatus(models.TextChoices):
    MADE = "made", pgettext_lazy("commitment", "Made")
    IN_PROGRESS = "in_progress", pgettext_lazy("commitment", "In progress")
    FULFILLED = "fulfilled", pgettext_lazy("commitment", "Fulfilled")
    NOT_FULFILLED = "not_fulfilled", pgettext_lazy("commitment", "Not fulfilled")


OPEN = (CommitmentStatus.MADE, CommitmentStatus.IN_PROGRESS)
CLOSED = (CommitmentStatus.FULFILLED, CommitmentStatus.NOT_FULFILLED)


class Commitment(models.Model):
    """A public commitment for the year of its deadline: an organisation's own (no `member`),
    or a member's (`organisation` is then the member's, so the organisation's figures count
    it). It serves the residents of `area`."""

    organisation = models.ForeignKey(
        PartyOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    member = models.ForeignKey(
        PartyMember,
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    text = models.CharField(pgettext_lazy("commitment", "commitment"), max_length=TEXT_MAX)
    area = models.ForeignKey(
        Area,
        verbose_name=pgettext_lazy("commitment", "serves"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("commitment", "year"))
    deadline = models.DateField(pgettext_lazy("commitment", "deadline"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.MADE,
    )
    closed_on = models.DateField(pgettext_lazy("commitment", "closed on"), null=True, blank=True)
    reason = models.TextField(
        pgettext_lazy("commitment", "reason not fulfilled"), max_length=NOTE_MAX, blank=True
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("commitment", "made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(pgettext_lazy("commitment", "made at"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("commitment", "commitment")
        verbose_name_plural = pgettext_lazy("commitment", "commitments")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["organisation", "year", "status"], name="commitment_org_year"),
            models.Index(fields=["area", "deadline"], name="commitment_area_deadline"),
        ]

    def __str__(self) -> str:
        who = self.member.name if self.member_id and self.member else str(self.organisation)
        return f"{who} · {self.text[:30]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def by(self) -> str:
        """Who committed: the member, or the organisation."""
        return self.member.name if self.member is not None else self.organisation.name


class CommitmentEvent(models.Model):
    """One step of a commitment's history: made, a progress note, fulfilled or not (with the
    reason). Append-only."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16)
    before = models.CharField(max_length=16, blank=True)
    after = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.commitment_id} · {self.action}"


class CommitmentRating(models.Model):
    """A resident's rating of a commitment of their area: one to five stars, once."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="ratings")
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="commitment_ratings",
    )
    stars = models.PositiveSmallIntegerField(pgettext_lazy("rating", "stars"))
    comment = models.CharField(pgettext_lazy("rating", "comment"), max_length=200, blank=True)
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("commitment", "rating")
        verbose_name_plural = pgettext_lazy("commitment", "ratings")
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "resident"], name="commitment_rating_once"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="commitment_rating_stars"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} · {self.stars}"
