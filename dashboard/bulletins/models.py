"""A bulletin of an area's month, its typical cases, and their frozen figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TITLE_MAX = 120
BODY_MAX = 6000
CAPTION_MAX = 200
MAX_TYPICAL = 6


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("bulletin", "Draft")
    PUBLISHED = "published", pgettext_lazy("bulletin", "Published")
    SUPERSEDED = "superseded", pgettext_lazy("bulletin", "Superseded")


class Bulletin(models.Model):
    """The bulletin (通报) of a subdistrict or community for one month. `figures` are the
    indicators' figures as generated (`dashboard.bulletins.figures`), kept as they were when
    it was published; `title` and `body` are the office's wording. A correction of a published
    bulletin is a new version (`corrects`), which supersedes it when published."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(pgettext_lazy("bulletin", "month"))  # its first day
    version = models.PositiveSmallIntegerField(pgettext_lazy("bulletin", "version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT
    )
    title = models.CharField(pgettext_lazy("bulletin", "title"), max_length=TITLE_MAX)
    body = models.TextField(pgettext_lazy("bulletin", "wording"), max_length=BODY_MAX)
    figures = models.JSONField(pgettext_lazy("bulletin", "figures"), default=dict)
    generated_at = models.DateTimeField(pgettext_lazy("bulletin", "figures as of"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=pgettext_lazy("bulletin", "corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(
        pgettext_lazy("bulletin", "published at"), null=True, blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("bulletin", "bulletin")
        verbose_name_plural = pgettext_lazy("bulletin", "bulletins")
        ordering = ["-month", "area__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "month", "version"], name="bulletin_version_once"
            ),
            # One draft and one published bulletin at a time for an area's month.
            models.UniqueConstraint(
                fields=["area", "month"],
                condition=Q(status="draft"),
                name="bulletin_one_draft",
            ),
            models.UniqueConstraint(
                fields=["area", "month"],
                condition=Q(status="published"),
                name="bulletin_one_published",
            ),
        ]
        indexes = [models.Index(fields=["status", "month"], name="bulletin_status_month")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == BulletinStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == BulletinStatus.PUBLISHED

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n") if p.strip()]


class TypicalCase(models.Model):
    """A case a bulletin presents (典型案例): the office's public words for what was reported
    and what was done, the place no finer than the compound, and at most one photo from
    before and one from after the handling, which the one who chose them confirmed show no
    person and no number plate (`photos_checked`). What residents read is frozen here
    (`category`, `place`); the case itself is never shown to them."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="typical")
    case = models.ForeignKey(
        "cases.Case", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    area_code = models.CharField(_("area code"), max_length=32)
    category = models.CharField(_("category"), max_length=100)
    place = models.CharField(pgettext_lazy("bulletin", "place"), max_length=100, blank=True)
    caption = models.CharField(
        pgettext_lazy("bulletin", "what was reported and done"), max_length=CAPTION_MAX
    )
    before = models.ForeignKey(
        "cases.CasePhoto",
        verbose_name=pgettext_lazy("bulletin", "photo before"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    after = models.ForeignKey(
        "cases.CasePhoto",
        verbose_name=pgettext_lazy("bulletin", "photo after"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photos_checked = models.BooleanField(default=False)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = pgettext_lazy("bulletin", "typical case")
        verbose_name_plural = pgettext_lazy("bulletin", "typical cases")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "case"], name="typical_case_once"),
            # A photo is published only with the chooser's word that it shows nobody.
            models.CheckConstraint(
                condition=Q(photos_checked=True) | Q(before__isnull=True, after__isnull=True),
                name="typical_photos_checked",
            ),
        ]
        indexes = [models.Index(fields=["area_code"], name="typical_area_code")]

    def __str__(self) -> str:
        return f"{self.bulletin_id} · {self.category}"
