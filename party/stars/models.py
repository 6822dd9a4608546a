"""Star rating: the criteria and thresholds the office sets, and each branch's yearly
assessment with its items and steps. Imported by `party.models`, so these are the party app's
models."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from party.models import PartyOrganisation


class Criterion(models.Model):
    """An item branches are assessed on: its points (weight), the evidence asked for, and
    either a `measure` (scored automatically: full points at `target` or above, in proportion
    below) or none (scored by hand with evidence)."""

    title = models.CharField(pgettext_lazy("star criterion", "item"), max_length=100)
    measure = models.CharField(
        pgettext_lazy("star criterion", "measured automatically"),
        max_length=24,
        blank=True,
        help_text=_("Empty: scored by hand with evidence."),
    )
    points = models.PositiveSmallIntegerField(
        pgettext_lazy("star criterion", "points"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    target = models.DecimalField(
        pgettext_lazy("star criterion", "full points at"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a measured item: the value that earns full points."),
    )
    evidence = models.TextField(pgettext_lazy("star criterion", "evidence asked for"), blank=True)
    position = models.PositiveSmallIntegerField(pgettext_lazy("star criterion", "order"), default=0)
    active = models.BooleanField(pgettext_lazy("star criterion", "in use"), default=True)

    class Meta:
        verbose_name = _("star-rating criterion")
        verbose_name_plural = _("star-rating criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gte=1, points__lte=100), name="star_criterion_points"
            ),
            models.CheckConstraint(
                condition=models.Q(target__isnull=True) | models.Q(target__gt=0),
                name="star_criterion_target_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from party.stars import measures

        if self.measure and self.measure not in measures.names():
            raise ValidationError({"measure": _("No such measure.")})
        if self.measure and not self.target:
            raise ValidationError({"target": _("A measured item needs the value of full points.")})
        if not self.measure and self.target is not None:
            raise ValidationError({"target": _("Only a measured item has a value of full points.")})


# The typical criteria (seeded by migration 0004, restored by the demo; staff change them in
# the admin): (title, measure, points, target, evidence asked for). They add up to 100.
DEFAULT_CRITERIA = (
    ("组织生活按期开展（三会一课）", "life_compliance", 25, Decimal(100), "会议记录（系统统计）"),
    ("在职党员双报到服务时长", "service_hours", 20, Decimal(12), "志愿服务记录（系统统计）"),
    ("微心愿认领办结", "wishes_fulfilled", 15, Decimal(10), "微心愿记录（系统统计）"),
    ("班子建设", "", 15, None, "支委分工、书记述职报告"),
    ("阵地建设与活动", "", 10, None, "阵地照片、活动台账"),
    ("群众满意度", "", 15, None, "满意度测评表"),
)


def seed_default_criteria() -> None:
    """The typical criteria, where none exist (the demo; tests whose database a transactional
    test emptied)."""
    if Criterion.objects.exists():
        return
    for position, (title, measure, points, target, evidence) in enumerate(DEFAULT_CRITERIA):
        Criterion.objects.create(
            title=title,
            measure=measure,
            points=points,
            target=target,
            evidence=evidence,
            position=position,
        )


DEFAULT_THRESHOLDS = (Decimal(90), Decimal(80), Decimal(70), Decimal(60))


class StarScale(models.Model):
    """The share of the points (in %) a branch needs for five, four, three and two stars;
    below `two`, one star. One row: the office's setting."""

    five = models.DecimalField(_("five stars from (%)"), max_digits=5, decimal_places=2, default=90)
    four = models.DecimalField(_("four stars from (%)"), max_digits=5, decimal_places=2, default=80)
    three = models.DecimalField(
        _("three stars from (%)"), max_digits=5, decimal_places=2, default=70
    )
    two = models.DecimalField(_("two stars from (%)"), max_digits=5, decimal_places=2, default=60)

    class Meta:
        verbose_name = _("star thresholds")
        verbose_name_plural = _("star thresholds")

    def __str__(self) -> str:
        return f"{self.five} / {self.four} / {self.three} / {self.two}"

    @property
    def thresholds(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return (Decimal(self.five), Decimal(self.four), Decimal(self.three), Decimal(self.two))

    def clean(self) -> None:
        five, four, three, two = self.thresholds
        if not (100 >= five > four > three > two > 0):
            raise ValidationError(
                _("Each threshold lies between 0 and 100 and below the one for a star more.")
            )


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("star assessment", "Self-assessment")
    SUBMITTED = "submitted", pgettext_lazy("star assessment", "Awaiting review")
    REVIEWED = "reviewed", pgettext_lazy("star assessment", "Reviewed")
    PUBLISHED = "published", pgettext_lazy("star assessment", "Published")


class Assessment(models.Model):
    """A branch's star assessment of one year. Never reopened once published; another year
    is another assessment."""

    organisation = models.ForeignKey(
        PartyOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="star_assessments",
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("star assessment", "year"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        db_index=True,
    )
    total = models.DecimalField(
        pgettext_lazy("star assessment", "total"), max_digits=6, decimal_places=1, default=0
    )
    max_points = models.PositiveSmallIntegerField(
        pgettext_lazy("star assessment", "points possible"), default=0
    )
    stars = models.PositiveSmallIntegerField(
        pgettext_lazy("star assessment", "stars"), null=True, blank=True
    )
    review_note = models.TextField(pgettext_lazy("star assessment", "reviewer's note"), blank=True)
    opened_at = models.DateTimeField(
        pgettext_lazy("star assessment", "opened at"), default=timezone.now
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("star assessment", "self-assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("star assessment", "reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(
        pgettext_lazy("star assessment", "published at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("star assessment")
        verbose_name_plural = _("star assessments")
        ordering = ["-year", "organisation__area__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="star_assessment_year"),
            models.CheckConstraint(
                condition=models.Q(stars__isnull=True) | models.Q(stars__gte=1, stars__lte=5),
                name="star_assessment_stars_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(stars__isnull=False),
                name="star_assessment_published_has_stars",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.year}"

    @property
    def percent(self) -> Decimal:
        if not self.max_points:
            return Decimal(0)
        return (Decimal(self.total) * 100 / self.max_points).quantize(Decimal("0.1"))


class AssessmentItem(models.Model):
    """One criterion as the assessment copied it when it opened, with its scores: measured
    (an automatic item, at submission) or given by hand with evidence, then by the reviewer."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(pgettext_lazy("star criterion", "item"), max_length=100)
    measure = models.CharField(max_length=24, blank=True)
    points = models.PositiveSmallIntegerField(pgettext_lazy("star criterion", "points"))
    target = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    evidence_asked = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    measured = models.DecimalField(
        pgettext_lazy("star item", "measured"), max_digits=10, decimal_places=2, null=True
    )
    self_score = models.DecimalField(
        pgettext_lazy("star item", "self-assessed score"), max_digits=5, decimal_places=1, null=True
    )
    evidence = models.TextField(pgettext_lazy("star item", "evidence"), blank=True)
    review_score = models.DecimalField(
        pgettext_lazy("star item", "reviewed score"), max_digits=5, decimal_places=1, null=True
    )

    class Meta:
        verbose_name = _("star assessment item")
        verbose_name_plural = _("star assessment items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def automatic(self) -> bool:
        return bool(self.measure)

    @property
    def score(self) -> Decimal | None:
        """The score that counts: the reviewer's, else the self-assessed one."""
        return self.review_score if self.review_score is not None else self.self_score


class AssessmentStep(models.Model):
    """The history of an assessment: each step, who took it and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=16)
    before = models.CharField(max_length=12, choices=AssessmentStatus.choices)
    after = models.CharField(max_length=12, choices=AssessmentStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("star assessment step")
        verbose_name_plural = _("star assessment steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.action}"
