"""Sign-ups to community events: one row per resident and event, its status moved through
`volunteering.workflow.SIGNUPS`, each move a `SignUpEvent`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from volunteering.models.events import CommunityEvent


class SignUpStatus(models.TextChoices):
    HELD = "held", _("Place held")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("sign-up", "Cancelled")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")


class SignUp(models.Model):
    """A resident's sign-up to a community event: a held place or a turn on the waiting list,
    then attended or a no-show (or cancelled)."""

    event = models.ForeignKey(
        CommunityEvent,
        verbose_name=_("community event"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="event_signups",
    )
    status = models.CharField(_("status"), max_length=16, choices=SignUpStatus.choices)
    # The waiting list's order: when the resident (last) asked for a place.
    queued_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="volunteering_sign_up_once")
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.user_id} ({self.status})"

    @property
    def area_code(self) -> str:
        """Where its audit entries belong: the event's community."""
        return str(self.event.community.code)


class SignUpEvent(models.Model):
    signup = models.ForeignKey(
        SignUp, verbose_name=_("sign-up"), on_delete=models.CASCADE, related_name="events"
    )
    event = models.CharField(_("event"), max_length=16)
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-up event")
        verbose_name_plural = _("sign-up events")
        ordering = ["at", "pk"]
