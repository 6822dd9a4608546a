"""Member service posts: who is posted where, with which duty, since and until when."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area, Building
from party.models import PartyMember, PartyOrganisation, new_code

DUTY_MAX = 200
PLACE_MAX = 100


class PostKind(models.TextChoices):
    MODEL = "model", _("Model service post")  # 党员服务示范岗
    VANGUARD = "vanguard", _("Vanguard post")  # 党员先锋岗
    SENTINEL = "sentinel", _("Sentinel post")  # 党员哨点


class ServicePostQuerySet(models.QuerySet["ServicePost"]):
    def active(self, on: dt.date) -> ServicePostQuerySet:
        """Posts held on the day `on`: started, and not ended before it."""
        return self.filter(Q(until__isnull=True) | Q(until__gte=on), since__lte=on)


class ServicePost(models.Model):
    """A party member posted on a grid: at a point (lon/lat), a building, or both, with a
    short description of the place; `organisation` is the member's when posted (its editors
    keep the post)."""

    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    member = models.ForeignKey(
        PartyMember,
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        related_name="service_posts",
    )
    organisation = models.ForeignKey(
        PartyOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="service_posts",
    )
    kind = models.CharField(
        pgettext_lazy("service post", "kind"), max_length=12, choices=PostKind.choices
    )
    duty = models.CharField(pgettext_lazy("service post", "duty"), max_length=DUTY_MAX)
    grid = models.ForeignKey(
        Area, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="service_posts"
    )
    building = models.ForeignKey(
        Building,
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_posts",
    )
    place = models.CharField(
        pgettext_lazy("service post", "place"), max_length=PLACE_MAX, blank=True
    )
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    since = models.DateField(pgettext_lazy("service post", "since"))
    until = models.DateField(pgettext_lazy("service post", "until"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(default=timezone.now)

    objects = ServicePostQuerySet.as_manager()

    class Meta:
        verbose_name = _("service post")
        verbose_name_plural = _("service posts")
        ordering = ["grid__code", "kind", "pk"]
        indexes = [models.Index(fields=["grid", "until"], name="service_post_grid")]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="service_post_period_order",
            ),
            models.CheckConstraint(
                condition=Q(lon__isnull=True, lat__isnull=True)
                | Q(lon__isnull=False, lat__isnull=False),
                name="service_post_point_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()}"

    def is_active(self, on: dt.date) -> bool:
        return self.since <= on and (self.until is None or self.until >= on)

    @property
    def point(self) -> tuple[float, float] | None:
        """Where it shows on the map: its own point, else its building's."""
        if self.lon is not None and self.lat is not None:
            return (self.lon, self.lat)
        if self.building is not None:
            return (self.building.lon, self.building.lat)
        return None
