"""Joint meetings (联席会议): a joint meeting body on a district, subdistrict or community with
its member units, each unit's yearly task list (年度工作任务清单), the meetings (agenda,
attendance, decisions) and their follow-ups (an owner unit, a deadline, a status until done).
Imported by `party.models`, so these are the party app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area
from party.models import PartnerUnit, new_code

TEXT_MAX = 300
BODY_LEVELS = ("district", "subdistrict", "community")


class ItemStatus(models.TextChoices):
    """The status of an item worked on until done: a unit's yearly task, a follow-up of a
    joint meeting, an item of a benchmark review's lists."""

    OPEN = "open", pgettext_lazy("item", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("item", "In progress")
    DONE = "done", pgettext_lazy("item", "Done")


OPEN_STATUSES = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)


class JointBody(models.Model):
    """A joint meeting (联席会议) of an area: a district's, a subdistrict's or a community's."""

    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    name = models.CharField(pgettext_lazy("joint", "name"), max_length=100)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="joint_bodies"
    )

    class Meta:
        verbose_name = _("joint meeting body")
        verbose_name_plural = _("joint meeting bodies")
        ordering = ["area__code", "name"]

    def __str__(self) -> str:
        return self.name


class JointMember(models.Model):
    """A member unit of a joint meeting: a partner unit, or a unit named here (a department,
    a 两新 organisation). `contact` is the account that acts for the unit: it sees the body
    and keeps the unit's tasks and follow-ups."""

    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    body = models.ForeignKey(JointBody, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(
        PartnerUnit,
        verbose_name=_("partner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joint_seats",
    )
    name = models.CharField(pgettext_lazy("joint", "unit"), max_length=100)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_seats",
    )

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="joint_member_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def area_code(self) -> str:
        """The area of the body (audit entries are filed under it)."""
        return str(self.body.area.code)


class UnitTask(models.Model):
    """One item of a member unit's yearly task list (年度工作任务清单)."""

    member = models.ForeignKey(JointMember, on_delete=models.CASCADE, related_name="tasks")
    year = models.PositiveSmallIntegerField(pgettext_lazy("joint", "year"))
    text = models.CharField(pgettext_lazy("joint", "task"), max_length=TEXT_MAX)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    done_on = models.DateField(pgettext_lazy("item", "done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("yearly task")
        verbose_name_plural = _("yearly tasks")
        ordering = ["year", "pk"]

    def __str__(self) -> str:
        return f"{self.member} · {self.text[:30]}"

    @property
    def area_code(self) -> str:
        """The area of the body (audit entries are filed under it)."""
        return str(self.member.body.area.code)


class JointMeeting(models.Model):
    body = models.ForeignKey(JointBody, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(pgettext_lazy("joint", "held on"))
    place = models.CharField(pgettext_lazy("joint", "place"), max_length=100, blank=True)
    agenda = models.TextField(pgettext_lazy("joint", "agenda"), max_length=2000)
    decisions = models.TextField(pgettext_lazy("joint", "decisions"), max_length=2000, blank=True)
    attended = models.ManyToManyField(
        JointMember, verbose_name=_("units present"), related_name="attended", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.body} · {self.held_on}"

    @property
    def area_code(self) -> str:
        """The area of the body (audit entries are filed under it)."""
        return str(self.body.area.code)


class FollowUp(models.Model):
    """What a meeting decided someone must do: the owner unit, the deadline, the status."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(pgettext_lazy("joint", "follow-up"), max_length=TEXT_MAX)
    owner = models.ForeignKey(
        JointMember,
        verbose_name=pgettext_lazy("joint", "owner unit"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    deadline = models.DateField(pgettext_lazy("item", "deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    done_on = models.DateField(pgettext_lazy("item", "done on"), null=True, blank=True)
    note = models.CharField(pgettext_lazy("item", "note"), max_length=TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="followup_status_deadline")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def area_code(self) -> str:
        """The area of the body (audit entries are filed under it)."""
        return str(self.meeting.body.area.code)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
