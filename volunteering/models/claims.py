"""双向领办与评价: a partner unit or an in-service party member claims an item of the needs list
or a project, reports its delivery, the community rates the delivery and residents may rate
it too. It extends the three lists (`lists.py`); a claim is their rows' claimant."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area, Resident
from volunteering.models.lists import Need, Project

PLAN_MAX = 500
REPORT_MAX = 2000
COMMENT_MAX = 300


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", pgettext_lazy("claim", "Claimed")
    DELIVERED = "delivered", pgettext_lazy("claim", "Delivered")
    RATED = "rated", pgettext_lazy("claim", "Rated")
    WITHDRAWN = "withdrawn", pgettext_lazy("claim", "Withdrawn")


# A claim that holds its item: no other claim may take the item while one of these is there.
HOLDING = (ClaimStatus.CLAIMED, ClaimStatus.DELIVERED, ClaimStatus.RATED)


class Claim(models.Model):
    """领办: one need or one project, claimed by one partner unit or one party member; the
    community of the item keeps it. At most one holding claim per item."""

    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    need = models.ForeignKey(
        Need,
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    partner_unit = models.ForeignKey(
        "party.PartnerUnit",
        verbose_name=_("partner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    member = models.ForeignKey(
        "party.PartyMember",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
    )
    plan = models.TextField(pgettext_lazy("claim", "plan"), max_length=PLAN_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(pgettext_lazy("claim", "claimed at"), default=timezone.now)
    report = models.TextField(pgettext_lazy("claim", "delivery report"), blank=True)
    delivered_at = models.DateTimeField(
        pgettext_lazy("claim", "delivered at"), null=True, blank=True
    )
    score = models.PositiveSmallIntegerField(
        pgettext_lazy("claim", "community's score"), null=True, blank=True
    )
    comment = models.CharField(
        pgettext_lazy("claim", "community's comment"), max_length=COMMENT_MAX, blank=True
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(pgettext_lazy("claim", "rated at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("claim", "claim")
        verbose_name_plural = pgettext_lazy("claim", "claims")
        ordering = ["-claimed_at", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="claim_community_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(need__isnull=False, project__isnull=True)
                | Q(need__isnull=True, project__isnull=False),
                name="claim_one_item",
            ),
            models.CheckConstraint(
                condition=Q(partner_unit__isnull=False, member__isnull=True)
                | Q(partner_unit__isnull=True, member__isnull=False),
                name="claim_one_claimant",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="claim_score_range",
            ),
            # The race's last word: two claims holding one item cannot both be stored.
            models.UniqueConstraint(
                fields=["need"],
                condition=Q(need__isnull=False) & ~Q(status="withdrawn"),
                name="claim_need_once",
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(project__isnull=False) & ~Q(status="withdrawn"),
                name="claim_project_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claimant} · {self.item}"

    @property
    def item(self) -> Need | Project:
        return self.need if self.need_id else self.project  # type: ignore[return-value]

    @property
    def item_kind(self) -> str:
        return "need" if self.need_id else "project"

    @property
    def claimant(self) -> str:
        """Who claimed: the partner unit, or the member."""
        if self.partner_unit_id:
            return str(self.partner_unit)
        return str(self.member)


class ClaimEvent(models.Model):
    """Append-only history of a claim: claimed, delivered, sent back, rated, withdrawn."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(_("event"), max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.event}"


class ClaimRating(models.Model):
    """A resident's rating of a delivered claim of their community: one to five stars, once."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="ratings")
    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="+"
    )
    stars = models.PositiveSmallIntegerField(pgettext_lazy("rating", "stars"))
    comment = models.CharField(
        pgettext_lazy("rating", "comment"), max_length=COMMENT_MAX, blank=True
    )
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "resident"], name="claim_rating_once"),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="claim_rating_stars"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} · {self.stars}"
