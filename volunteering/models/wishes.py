"""Micro-wishes 微心愿: small wishes of residents in need, claimed and fulfilled by others."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area
from core.masking import mask_name
from core.media import RandomName


class BeneficiaryKind(models.TextChoices):
    CHILD = "child", _("Child")
    ELDERLY = "elderly", _("Elderly person")
    DIFFICULTY = "difficulty", _("Person in difficulty")
    DISABLED = "disabled", _("Person with a disability")
    OTHER = "other", _("Other")


class Privacy(models.TextChoices):
    NAMED = "named", _("Show the name")
    MASKED = "masked", _("Mask the name")
    ANONYMOUS = "anonymous", _("Anonymous")


class WishStatus(models.TextChoices):
    # A resident's own post waits for the community's review before anyone else sees it.
    SUBMITTED = "submitted", _("Awaiting review")
    OPEN = "open", _("Waiting for a claimer")
    CLAIMED = "claimed", _("Claimed")
    FULFILLED = "fulfilled", _("Fulfilled, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", pgettext_lazy("post status", "Declined")


# A resident's post not (or not yet) published: seen only by its poster and the staff. Needs
# use the same two values (NeedStatus).
UNREVIEWED = frozenset({WishStatus.SUBMITTED.value, WishStatus.DECLINED.value})


class MicroWish(models.Model):
    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="micro_wishes"
    )
    beneficiary = models.ForeignKey(
        "areas.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    beneficiary_name = models.CharField(_("name of the resident"), max_length=50)
    beneficiary_kind = models.CharField(_("who"), max_length=12, choices=BeneficiaryKind.choices)
    # What the resident agreed to show on the wall.
    privacy = models.CharField(
        _("privacy"), max_length=10, choices=Privacy.choices, default=Privacy.MASKED
    )
    title = models.CharField(_("wish"), max_length=100)
    description = models.TextField(_("story"), blank=True)
    value = models.DecimalField(
        _("estimated value (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WishStatus.choices,
        default=WishStatus.OPEN,
        db_index=True,
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("posted at"), auto_now_add=True)
    # The claimer: a party member (with an account) or a partner unit.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_wishes",
    )
    claimer_member = models.ForeignKey(
        "party.PartyMember",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimed_wishes",
    )
    claimer_unit = models.ForeignKey(
        "party.PartnerUnit",
        verbose_name=_("partner unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimed_wishes",
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to=RandomName("wishes"), blank=True)
    fulfilled_note = models.TextField(_("how it was fulfilled"), blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # A resident's own post (居民自主发布): their words as they sent them (kept when staff
    # edit before publishing), and the review's note or reason, which the resident reads.
    submitted_text = models.TextField(_("as the resident wrote it"), blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # Set when the stalled-wish check last told staff about this wish.
    flagged_at = models.DateTimeField(_("flagged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("micro-wish")
        verbose_name_plural = _("micro-wishes")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["submitted", "open", "cancelled", "declined"])
                | models.Q(claimed_at__isnull=False),
                name="wish_claimed_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def was_revised(self) -> bool:
        """A resident's post the staff edited before publishing (their words differ)."""
        words = f"{self.title}\n{self.description}".strip()
        return bool(self.submitted_text) and self.submitted_text != words

    @property
    def public_name(self) -> str:
        """The name as the wall shows it, honouring the resident's choice."""
        if self.privacy == Privacy.NAMED:
            return self.beneficiary_name
        if self.privacy == Privacy.MASKED:
            return mask_name(self.beneficiary_name)
        return str(_("Anonymous"))

    @property
    def claimer_name(self) -> str:
        """The partner unit, else the account that claimed, by the name it shows everywhere
        else (its party member record may carry another name: the demo volunteer's does)."""
        if self.claimer_unit_id:
            return str(self.claimer_unit)
        if self.claimed_by_id:
            return self.claimed_by.name  # type: ignore[union-attr]
        return str(self.claimer_member) if self.claimer_member_id else ""


class WishEvent(models.Model):
    """Append-only history of a wish."""

    wish = models.ForeignKey(MicroWish, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(_("event"), max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.wish_id} {self.event}"
