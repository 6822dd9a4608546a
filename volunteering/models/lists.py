"""The three lists: needs 需求清单, resources 资源清单, services 服务清单; and matched projects."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area


class ListCategory(models.TextChoices):
    ELDERLY = "elderly", _("Elderly care")
    CHILDREN = "children", _("Children and youth")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal advice")
    REPAIR = "repair", _("Repairs")
    CLEANING = "cleaning", _("Cleaning and environment")
    CULTURE = "culture", _("Culture and education")
    SAFETY = "safety", _("Safety")
    OTHER = "other", _("Other")


class NeedStatus(models.TextChoices):
    # A resident's own need waits for the community's review before it joins the list.
    SUBMITTED = "submitted", _("Awaiting review")
    OPEN = "open", pgettext_lazy("need status", "Open")
    MATCHED = "matched", _("Matched")
    CLAIMED = "claimed", pgettext_lazy("need status", "Claimed")  # 领办 by a unit or a member
    MET = "met", _("Met")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", pgettext_lazy("post status", "Declined")


class Need(models.Model):
    """What residents ask for, gathered by staff (door visits, meetings) or sent by residents."""

    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="needs"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ListCategory.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    households = models.PositiveIntegerField(_("households concerned"), default=1)
    # The household visit (fieldwork, below volunteering) where it was raised.
    visit = models.ForeignKey(
        "fieldwork.Visit",
        verbose_name=_("from the visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs_raised",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # A resident's own post (居民自主发布): see MicroWish.
    submitted_text = models.TextField(_("as the resident wrote it"), blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs list")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def was_revised(self) -> bool:
        """A resident's post the staff edited before publishing (their words differ)."""
        words = f"{self.title}\n{self.description}".strip()
        return bool(self.submitted_text) and self.submitted_text != words


class ResourceStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    MATCHED = "matched", _("Matched")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Resource(models.Model):
    """What partner units and teams offer: people, money, space, goods, skills."""

    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="resources"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ListCategory.choices)
    partner_unit = models.ForeignKey(
        "party.PartnerUnit",
        verbose_name=_("partner unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    team = models.ForeignKey(
        "volunteering.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ResourceStatus.choices, default=ResourceStatus.AVAILABLE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources list")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def provider(self) -> str:
        if self.partner_unit_id:
            return str(self.partner_unit)
        return str(self.team) if self.team_id else ""


class ServiceItem(models.Model):
    """One entry of the service menu a community publishes; residents request from it."""

    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="service_items"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ListCategory.choices)
    team = models.ForeignKey(
        "volunteering.Team",
        verbose_name=_("usual team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_items",
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    active = models.BooleanField(_("on the menu"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services list")
        ordering = ["community__code", "category", "title"]

    def __str__(self) -> str:
        return self.title


class ProjectStatus(models.TextChoices):
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Project(models.Model):
    """A need matched with a resource, tracked to completion."""

    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="projects"
    )
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.PROTECT, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=100)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.MATCHED
    )
    due = models.DateField(_("due"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProjectEvent(models.Model):
    """Append-only history of a project: matched, progress notes, completion."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
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
        return f"{self.project_id} {self.event}"
