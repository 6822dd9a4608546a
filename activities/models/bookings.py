"""Bookings of a venue's rooms: asked by a resident, a volunteer team or an organisation,
approved or declined by the venue's manager, cancelled. Two approved bookings of a room never
overlap (activities.actions.bookings, and on PostgreSQL an exclusion constraint)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models.venues import Room

PURPOSE_MAX = 200
REASON_MAX = 300


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("booking", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("booking", "Approved")
    DECLINED = "declined", pgettext_lazy("booking", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("booking", "Cancelled")


class AskerKind(models.TextChoices):
    RESIDENT = "resident", pgettext_lazy("booking", "Resident")
    TEAM = "team", pgettext_lazy("booking", "Volunteer team")
    ORGANISATION = "organisation", pgettext_lazy("booking", "Organisation")


# The statuses that hold the room.
HOLDING = (BookingStatus.REQUESTED, BookingStatus.APPROVED)


class Booking(models.Model):
    room = models.ForeignKey(
        Room,
        verbose_name=pgettext_lazy("room", "room"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    starts_at = models.DateTimeField(pgettext_lazy("booking", "starts at"))
    ends_at = models.DateTimeField(pgettext_lazy("booking", "ends at"))
    purpose = models.CharField(pgettext_lazy("booking", "purpose"), max_length=PURPOSE_MAX)
    head_count = models.PositiveIntegerField(pgettext_lazy("booking", "head count"))
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("booking", "asked by"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    asker_kind = models.CharField(
        pgettext_lazy("booking", "asks as"),
        max_length=16,
        choices=AskerKind.choices,
        default=AskerKind.RESIDENT,
    )
    # The team's or organisation's name when the asker asks for one.
    on_behalf_of = models.CharField(
        pgettext_lazy("booking", "on behalf of"), max_length=100, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    reason = models.CharField(pgettext_lazy("booking", "reason"), max_length=REASON_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("booking", "booking")
        verbose_name_plural = pgettext_lazy("booking", "bookings")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["room", "status", "starts_at"], name="booking_room_status_start"),
            models.Index(fields=["asker", "starts_at"], name="booking_asker_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_period_order"
            ),
            models.CheckConstraint(
                condition=models.Q(head_count__gte=1), name="booking_head_count"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} · {self.purpose[:30]}"

    @property
    def who(self) -> str:
        """Who asked: the team or organisation named, else the asker."""
        return self.on_behalf_of or self.asker.name


class BookingEvent(models.Model):
    """One step of a booking's history (asked, approved, declined, cancelled). Append-only."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
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
        return f"{self.booking_id} · {self.action}"
