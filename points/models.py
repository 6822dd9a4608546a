"""Points: earning rules, an append-only ledger, and the charity store 爱心超市."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import render


class Activity(models.TextChoices):
    """What a resident can earn points for. Other apps pass these keys to `do_award_points`."""

    VOLUNTEER_ORDER = "volunteer_order", _("Volunteer order")
    ACTIVITY = "activity", _("Activity")
    CASE_REPORT = "case_report", _("Valid case report")
    CONSULTATION = "consultation", _("Consultation")
    MICRO_WISH = "micro_wish", _("Micro-wish")
    PATROL = "patrol", _("Patrol")
    MANUAL = "manual", _("Manual")


class RuleUnit(models.TextChoices):
    OCCURRENCE = "occurrence", _("Per occurrence")
    HOUR = "hour", _("Per hour")


class EarningRule(models.Model):
    """How many points one occurrence (or one hour) of an activity earns, within caps."""

    activity = models.CharField(_("activity"), max_length=32, choices=Activity.choices)
    unit = models.CharField(
        _("unit"), max_length=16, choices=RuleUnit.choices, default=RuleUnit.OCCURRENCE
    )
    points = models.IntegerField(_("points per unit"))
    daily_cap = models.IntegerField(_("daily cap"), null=True, blank=True)
    yearly_cap = models.IntegerField(_("yearly cap"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    active = models.BooleanField(pgettext_lazy("in effect", "active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("earning rule")
        verbose_name_plural = _("earning rules")
        ordering = ["activity", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="points_rule_points_positive"),
            models.CheckConstraint(
                condition=Q(daily_cap__isnull=True) | Q(daily_cap__gte=0),
                name="points_rule_daily_cap_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(yearly_cap__isnull=True) | Q(yearly_cap__gte=0),
                name="points_rule_yearly_cap_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} · {self.points}/{self.get_unit_display()}"


class EntryKind(models.TextChoices):
    CREDIT = "credit", _("Credit")
    DEBIT = "debit", _("Debit")
    REFUND = "refund", _("Refund")
    EXPIRY = "expiry", _("Expiry")
    ADJUSTMENT = "adjustment", _("Adjustment")


class AppendOnly(Exception):
    pass


class LedgerEntry(models.Model):
    """One movement of points. Entries are never changed or deleted; a balance is their sum.

    Credits, refunds and positive adjustments are positive; debits, expiries and negative
    adjustments are negative. `earned_on` (local date) counts credits towards daily and
    yearly caps and decides when they expire."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="points_entries",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    amount = models.IntegerField(_("amount"))
    reason = models.CharField(_("reason"), max_length=200)
    activity = models.CharField(_("activity"), max_length=32, choices=Activity.choices, blank=True)
    rule = models.ForeignKey(
        EarningRule,
        verbose_name=_("earning rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=40, blank=True)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    # What the source was, as its app names it when crediting (an event's title): the
    # history names it in the reader's language around it; it is user content, not translated.
    subject = models.CharField(_("subject"), max_length=100, blank=True, default="")
    # A subject that has words of its own in several languages (a case's category), as
    # `core.i18n.Deferred` data shown in the reader's language (`subject_text`); `subject`
    # keeps it as text in the site's language. Empty for plain subjects and older entries.
    subject_data = models.JSONField(_("subject data"), default=dict, blank=True)
    earned_on = models.DateField(_("earned on"), null=True, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["user", "-created"], name="points_entry_user_created"),
            models.Index(fields=["user", "activity", "earned_on"], name="points_entry_caps"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "source", "source_id"],
                condition=~Q(source_id=""),
                name="points_entry_once_per_source",
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="points_entry_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:+d} · {self.reason}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("Ledger entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("Ledger entries are append-only.")

    @property
    def subject_text(self) -> str:
        """What the source was, in the reader's language where the subject has words in
        several, else as stored."""
        return render(self.subject_data) if self.subject_data else self.subject


class PointsBalance(models.Model):
    """A derived cache of the sum of a user's entries, written only in the transaction that
    appends an entry. It is the row that serialises a user's spending (SELECT … FOR UPDATE);
    `points.selectors.check_ledger` proves it equals the sum."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="points_balance",
    )
    balance = models.IntegerField(_("balance"), default=0)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("points balance")
        verbose_name_plural = _("points balances")
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="points_balance_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.balance}"


class Store(models.Model):
    """爱心超市: a charity store run by a community."""

    community = models.ForeignKey(
        "areas.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="points_stores",
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    active = models.BooleanField(pgettext_lazy("in effect", "active"), default=True)

    class Meta:
        verbose_name = _("charity store")
        verbose_name_plural = _("charity stores")
        ordering = ["community__code", "name"]

    def __str__(self) -> str:
        return self.name


class ItemKind(models.TextChoices):
    GOODS = "goods", _("Goods")
    SERVICE = "service", _("Service-circle service")


class Item(models.Model):
    """Something a store gives for points, with its own stock."""

    store = models.ForeignKey(
        Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="items"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    price = models.IntegerField(_("points price"))
    stock = models.IntegerField(_("stock"), default=0)
    active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        verbose_name = _("store item")
        verbose_name_plural = _("store items")
        ordering = ["store", "price", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="points_item_price_positive"),
            models.CheckConstraint(
                condition=Q(stock__gte=0), name="points_item_stock_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RedemptionStatus(models.TextChoices):
    RESERVED = "reserved", _("Awaiting pickup")
    PICKED_UP = "picked_up", _("Picked up")
    CANCELLED = "cancelled", _("Cancelled")


class Redemption(models.Model):
    """Points spent on an item: stock and points are reserved at once; staff write it off
    at the counter by its pickup code."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="redemptions",
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="redemptions"
    )
    store = models.ForeignKey(
        Store, verbose_name=_("store"), on_delete=models.PROTECT, related_name="redemptions"
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    points = models.IntegerField(_("points"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RedemptionStatus.choices,
        default=RedemptionStatus.RESERVED,
    )
    pickup_code = models.CharField(_("pickup code"), max_length=16, unique=True)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    picked_up_at = models.DateTimeField(_("picked up"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0), name="points_redemption_points_positive"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="points_redemption_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"
