"""Organisational life: what each level of organisation must hold how often, and the meetings
it held. Imported by `party.models`, so these are the party app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from party.models import OrgLevel, PartyMember, PartyOrganisation


class MeetingKind(models.TextChoices):
    MEMBERS_MEETING = "members_meeting", _("Members' meeting")  # 党员大会
    COMMITTEE_MEETING = "committee_meeting", _("Branch committee meeting")  # 支委会
    GROUP_MEETING = "group_meeting", _("Party group meeting")  # 党小组会
    LECTURE = "lecture", _("Party lecture")  # 党课
    THEME_DAY = "theme_day", _("Theme party day")  # 主题党日


class Frequency(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    HALF_YEAR = "half_year", _("Every half year")
    YEAR = "year", _("Yearly")


# The typical obligations (三会一课): seeded by migration 0003, restored by the demo; staff
# change them in the admin.
DEFAULT_RULES = (
    (OrgLevel.BRANCH, MeetingKind.MEMBERS_MEETING, Frequency.QUARTER),
    (OrgLevel.BRANCH, MeetingKind.COMMITTEE_MEETING, Frequency.MONTH),
    (OrgLevel.BRANCH, MeetingKind.LECTURE, Frequency.QUARTER),
    (OrgLevel.BRANCH, MeetingKind.THEME_DAY, Frequency.MONTH),
    (OrgLevel.GROUP, MeetingKind.GROUP_MEETING, Frequency.MONTH),
)

# A committee meeting is for the branch committee, whom the records do not list: whoever
# records it names those due. Every other kind is due to all members of the organisation
# and of the organisations below it.
NAMED_ATTENDANCE = frozenset({MeetingKind.COMMITTEE_MEETING})


class LifeRule(models.Model):
    """An obligation: organisations of `level` hold a meeting of `kind` once per `frequency`.
    Only a kind with a rule for its level may be recorded; an inactive rule is not checked."""

    level = models.CharField(_("level"), max_length=24, choices=OrgLevel.choices)
    kind = models.CharField(_("meeting kind"), max_length=24, choices=MeetingKind.choices)
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices)
    active = models.BooleanField(pgettext_lazy("rule", "checked"), default=True)

    class Meta:
        verbose_name = _("organisational life rule")
        verbose_name_plural = _("organisational life rules")
        ordering = ["level", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["level", "kind"], name="life_rule_level_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.get_kind_display()} · {self.get_frequency_display()}"


def seed_default_rules() -> None:
    """The typical rules, where no rule of that level and kind exists (the demo; tests whose
    database a transactional test emptied)."""
    for level, kind, frequency in DEFAULT_RULES:
        LifeRule.objects.get_or_create(level=level, kind=kind, defaults={"frequency": frequency})


class Meeting(models.Model):
    """A meeting held: its kind, day, place and agenda, minutes and decisions. It counts for
    the period holding `counts_for`: its own day's, or an earlier period it makes up (late)."""

    organisation = models.ForeignKey(
        PartyOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(_("meeting kind"), max_length=24, choices=MeetingKind.choices)
    held_on = models.DateField(pgettext_lazy("meeting", "held on"))
    counts_for = models.DateField(pgettext_lazy("meeting", "counts for"))
    place = models.CharField(pgettext_lazy("meeting", "place"), max_length=100)
    agenda = models.TextField(pgettext_lazy("meeting", "agenda"))
    minutes = models.TextField(pgettext_lazy("meeting", "minutes"), blank=True)
    decisions = models.TextField(pgettext_lazy("meeting", "decisions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("meeting", "recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        pgettext_lazy("meeting", "recorded at"), default=timezone.now
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(
                fields=["organisation", "kind", "counts_for"], name="meeting_org_kind_period"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(counts_for__lte=models.F("held_on")),
                name="meeting_counts_for_past",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_kind_display()} · {self.held_on.isoformat()}"


class Attendance(models.Model):
    """One member due at a meeting: present, or absent with the reason given."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        PartyMember,
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    present = models.BooleanField(pgettext_lazy("attendance", "present"))
    reason = models.CharField(_("reason for absence"), max_length=200, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("meeting", "attendance")
        verbose_name_plural = pgettext_lazy("meeting", "attendance")
        ordering = ["-present", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.meeting}"
