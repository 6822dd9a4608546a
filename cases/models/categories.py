"""The category tree with its time limits, and the holiday calendar deadlines count with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cases.workflow import Level


class CategoryKind(models.TextChoices):
    COMPONENT = "component", _("Component (部件)")
    EVENT = "event", _("Event (事件)")
    GOVERNANCE = "governance", _("Community governance")


class TimeUnit(models.TextChoices):
    EMERGENCY_HOURS = "emergency_hours", _("Emergency hours (round the clock)")
    WORKING_HOURS = "working_hours", _("Working hours")
    WORKING_DAYS = "working_days", _("Working days")


class Category(models.Model):
    """A class of case with its code (national 部件/事件 codes or local ones) and time limits."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CategoryKind.choices)
    first_level = models.IntegerField(
        _("handled first at"), choices=Level.choices, default=Level.GRID
    )
    department = models.CharField(_("responsible department"), max_length=100, blank=True)
    department_en = models.CharField(
        _("English name of the department"), max_length=100, blank=True
    )
    accept_limit = models.PositiveIntegerField(_("time to accept"), default=2)
    accept_unit = models.CharField(
        _("unit of the time to accept"),
        max_length=20,
        choices=TimeUnit.choices,
        default=TimeUnit.WORKING_HOURS,
    )
    handle_limit = models.PositiveIntegerField(_("time to handle"), default=3)
    handle_unit = models.CharField(
        _("unit of the time to handle"),
        max_length=20,
        choices=TimeUnit.choices,
        default=TimeUnit.WORKING_DAYS,
    )
    # Cases of this category carry a dispute record (parties, mediation).
    is_dispute = models.BooleanField(_("dispute"), default=False)
    # Cases about a vulnerable person (an elderly person living alone, a household in
    # hardship): kept out of the public Open311 feed and of duplicate suggestions.
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Kept out of the public Open311 feed and of duplicate suggestions."),
    )
    active = models.BooleanField(pgettext_lazy("enabled", "active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def label(self) -> str:
        """The name in the reader's language (stored text such as `__str__` keeps `name`)."""
        return localized_name(self.name, self.name_en)

    @property
    def department_label(self) -> str:
        """The responsible department in the reader's language ("" when there is none)."""
        return localized_name(self.department, self.department_en)

    @property
    def is_leaf(self) -> bool:
        return not self.children.exists()


def localized_name(name: str, name_en: str) -> str:
    """`name_en` when the active language is English and it is set, else `name`: no query,
    so it is cheap enough for the intake answer."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday")
    WORKDAY = "workday", _("Make-up working day")


class CalendarDay(models.Model):
    """An exception to Monday–Friday: a holiday on a weekday, or a working weekend day."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
