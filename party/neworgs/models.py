"""两新 organisations (new economic and social organisations) of an area, whether a party
organisation covers them (their own, or a joint one), the 对标检视 benchmark reviews with
their three linked lists, and the 双强红领 certification of their party secretaries.
Imported by `party.models`, so these are the party app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area
from party.joint.models import OPEN_STATUSES, TEXT_MAX, ItemStatus
from party.models import PartyMember, PartyOrganisation, new_code


class NewOrgKind(models.TextChoices):
    ENTERPRISE = "enterprise", pgettext_lazy("new organisation", "Enterprise")
    SOCIAL = "social", pgettext_lazy("new organisation", "Social organisation")
    INDIVIDUAL = "individual", pgettext_lazy("new organisation", "Individual business")
    OTHER = "other", pgettext_lazy("new organisation", "Other")


class Coverage(models.TextChoices):
    """两个覆盖: its own party organisation (单独建), covered by a joint one (联合建), or none."""

    OWN = "own", pgettext_lazy("coverage", "Own party organisation")
    JOINT = "joint", pgettext_lazy("coverage", "Covered by a joint organisation")
    NONE = "none", pgettext_lazy("coverage", "Not covered")


class NewOrganisation(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    name = models.CharField(pgettext_lazy("new organisation", "name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=NewOrgKind.choices)
    employees = models.PositiveIntegerField(pgettext_lazy("new organisation", "employees"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="new_organisations"
    )
    coverage = models.CharField(
        pgettext_lazy("coverage", "coverage"),
        max_length=8,
        choices=Coverage.choices,
        default=Coverage.NONE,
    )
    party_organisation = models.ForeignKey(
        PartyOrganisation,
        verbose_name=pgettext_lazy("coverage", "covering party organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="covered",
    )

    class Meta:
        verbose_name = _("new economic and social organisation")
        verbose_name_plural = _("new economic and social organisations")
        ordering = ["area__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(coverage="none", party_organisation__isnull=True)
                | (~models.Q(coverage="none") & models.Q(party_organisation__isnull=False)),
                name="neworg_coverage_names_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def covered(self) -> bool:
        return self.coverage != Coverage.NONE


class CertificationResult(models.TextChoices):
    PENDING = "pending", pgettext_lazy("certification", "Review due")
    PASSED = "passed", pgettext_lazy("certification", "Passed")
    FAILED = "failed", pgettext_lazy("certification", "Failed")


class Certification(models.Model):
    """双强红领: a 两新 organisation's party secretary certified strong in both the party's
    work and the business's, reviewed once a year (`review_on`, the next review's day)."""

    organisation = models.ForeignKey(
        NewOrganisation, on_delete=models.CASCADE, related_name="certifications"
    )
    member = models.ForeignKey(
        PartyMember,
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(pgettext_lazy("certification", "secretary"), max_length=50)
    certified_on = models.DateField(pgettext_lazy("certification", "certified on"))
    review_on = models.DateField(pgettext_lazy("certification", "yearly review on"))
    result = models.CharField(
        pgettext_lazy("certification", "result"),
        max_length=8,
        choices=CertificationResult.choices,
        default=CertificationResult.PENDING,
    )
    reviewed_on = models.DateField(
        pgettext_lazy("certification", "last reviewed on"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("双强红领 certification")
        verbose_name_plural = _("双强红领 certifications")
        ordering = ["review_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name} · {self.organisation}"


class BenchmarkReview(models.Model):
    """对标检视: a review of a 两新 organisation against the standard, producing its problem,
    correction and responsibility lists (`ReviewItem`)."""

    organisation = models.ForeignKey(
        NewOrganisation, on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField(pgettext_lazy("review", "held on"))
    summary = models.TextField(pgettext_lazy("review", "summary"), max_length=2000, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("benchmark review")
        verbose_name_plural = _("benchmark reviews")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.held_on}"


class ItemList(models.TextChoices):
    PROBLEM = "problem", pgettext_lazy("review", "Problem")
    CORRECTION = "correction", pgettext_lazy("review", "Correction")
    RESPONSIBILITY = "responsibility", pgettext_lazy("review", "Responsibility")


class ReviewItem(models.Model):
    """An item of one of a review's three lists. A correction and a responsibility name the
    problem they answer (a correction must)."""

    review = models.ForeignKey(BenchmarkReview, on_delete=models.CASCADE, related_name="items")
    list = models.CharField(pgettext_lazy("review", "list"), max_length=16, choices=ItemList)
    problem = models.ForeignKey(
        "self",
        verbose_name=pgettext_lazy("review", "problem"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
    )
    text = models.CharField(pgettext_lazy("review", "item"), max_length=TEXT_MAX)
    owner = models.CharField(pgettext_lazy("item", "owner"), max_length=50)
    deadline = models.DateField(pgettext_lazy("item", "deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    done_on = models.DateField(pgettext_lazy("item", "done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("review item")
        verbose_name_plural = _("review items")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(list="correction") | models.Q(problem__isnull=False),
                name="review_correction_names_problem",
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def area_code(self) -> str:
        """The area of the reviewed organisation (audit entries are filed under it)."""
        return str(self.review.organisation.area.code)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
