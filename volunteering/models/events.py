"""Community events that earn points: activities, consultation meetings 议事协商, resident
patrols and party lectures 睦邻党课, with who signed up (a capacity, a waiting list, opening and
closing times, a limit to an area or a group) and who attended (checked in with the event's
code, or recorded by staff)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area


class EventKind(models.TextChoices):
    """The keys are points.models.Activity keys: attendance earns under that rule."""

    ACTIVITY = "activity", pgettext_lazy("community event kind", "Community activity")
    CONSULTATION = "consultation", _("Consultation meeting")
    PATROL = "patrol", _("Resident patrol")
    PARTY_LECTURE = "party_lecture", _("Party lecture")


# The points activity whose earning rule an event kind's attendance earns under: a kind's own
# key, except a party lecture, which earns as a community activity (no rule of its own).
POINTS_ACTIVITY = {EventKind.PARTY_LECTURE: "activity"}


def points_activity(kind: str) -> str:
    return POINTS_ACTIVITY.get(kind, kind)  # type: ignore[call-overload, no-any-return]


class CommunityEvent(models.Model):
    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(pgettext_lazy("event", "place"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    hours = models.DecimalField(_("hours credited"), max_digits=5, decimal_places=2)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # Sign-up: offered when it opens at a set time; closes at `signup_closes_at` or the start.
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    signup_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("sign-up closes"), null=True, blank=True)
    signup_area = models.ForeignKey(
        Area,
        verbose_name=_("only residents of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # ResidentTag values: a resident with any of them may sign up (empty: anyone).
    signup_tags = models.JSONField(_("only residents tagged"), default=list, blank=True)
    checkin_code = models.CharField(_("check-in code"), max_length=8, blank=True)
    organisation = models.ForeignKey(
        "party.PartyOrganisation",
        verbose_name=_("party organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Held at a venue's room (阵地): the event books it (`activities.actions.do_book_room`)
    # and keeps the booking, which follows the event's moves and its cancelling.
    room = models.ForeignKey(
        "activities.Room",
        verbose_name=_("room at a venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    booking = models.ForeignKey(
        "activities.Booking",
        verbose_name=_("room booking"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lecture_schedule = models.ForeignKey(
        "volunteering.LectureSchedule",
        verbose_name=_("lecture schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )

    class Meta:
        verbose_name = _("community event")
        verbose_name_plural = _("community events")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="volunteering_event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="volunteering_event_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="volunteering_event_capacity_positive",
            ),
            models.UniqueConstraint(
                fields=["lecture_schedule", "starts_at"],
                condition=Q(lecture_schedule__isnull=False),
                name="volunteering_one_lecture_a_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def to_come(self) -> bool:
        """Neither cancelled nor started: its details may still change."""
        return not self.cancelled and self.starts_at > timezone.now()

    @property
    def takes_signups(self) -> bool:
        return self.signup_opens_at is not None

    @property
    def signup_closes(self) -> Any:
        """When sign-up closes: its set time, else the start."""
        return self.signup_closes_at or self.starts_at


class Attendance(models.Model):
    event = models.ForeignKey(
        CommunityEvent,
        verbose_name=_("community event"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="event_attendances",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    points = models.IntegerField(_("points"), default=0)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="volunteering_attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.user_id}"
