"""Party lectures 睦邻党课 / 微党校: a party organisation's recurring schedule (days of the
month, a time, a length), from which volunteering generates community events of the kind
"party lecture", owned by the organisation and placed in its area."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LectureSchedule(models.Model):
    organisation = models.ForeignKey(
        "party.PartyOrganisation",
        verbose_name=_("party organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(pgettext_lazy("event", "place"), max_length=200, blank=True)
    # Days of the month it is held on, e.g. [5, 20]; a day a month lacks (31) is skipped.
    days = models.JSONField(_("days of the month"), default=list)
    start_time = models.TimeField(_("starts at (local time)"))
    minutes = models.PositiveIntegerField(
        _("length in minutes"), validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    opens_days_before = models.PositiveIntegerField(
        _("sign-up opens days before"), default=14, validators=[MaxValueValidator(60)]
    )
    members_only = models.BooleanField(_("party members only"), default=False)
    active = models.BooleanField(pgettext_lazy("in effect", "active"), default=True)
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
        verbose_name = _("lecture schedule")
        verbose_name_plural = _("lecture schedules")
        ordering = ["organisation__area__code", "pk"]

    def __str__(self) -> str:
        return self.title

    def days_label(self) -> str:
        return "、".join(str(d) for d in sorted(self.days))
