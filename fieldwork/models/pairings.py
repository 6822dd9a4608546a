"""Pairings (结对): a party member or cadre linked to households (党员联户), a cadre to a
special-group resident (结对帮扶), a leader to a grid (包联网格). A pairing runs from the day
it starts until it is ended; the visits its person makes count for it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_HOUSEHOLD_LIMIT = 100


class PairingKind(models.TextChoices):
    HOUSEHOLD_LINK = "household_link", _("Member household link")
    CARE = "care", _("Care pairing")
    GRID_LIAISON = "grid_liaison", _("Grid liaison")


# Which target each kind names (exactly that one).
TARGET = {
    PairingKind.HOUSEHOLD_LINK: "household",
    PairingKind.CARE: "resident",
    PairingKind.GRID_LIAISON: "grid",
}


class Pairing(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=PairingKind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member or cadre"),
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    household = models.ForeignKey(
        "areas.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    resident = models.ForeignKey(
        "areas.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    grid = models.ForeignKey(
        "areas.Area",
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    # The area of its target when it was made (a household's grid, a grid): who sees it.
    area_code = models.CharField(_("area code"), max_length=32, db_index=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["kind", "-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="pairing_one_target",
                condition=(
                    Q(
                        kind=PairingKind.HOUSEHOLD_LINK,
                        household__isnull=False,
                        resident__isnull=True,
                        grid__isnull=True,
                    )
                    | Q(
                        kind=PairingKind.CARE,
                        household__isnull=True,
                        resident__isnull=False,
                        grid__isnull=True,
                    )
                    | Q(
                        kind=PairingKind.GRID_LIAISON,
                        household__isnull=True,
                        resident__isnull=True,
                        grid__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["person", "household"],
                condition=Q(ended_on__isnull=True, household__isnull=False),
                name="pairing_household_once",
            ),
            models.UniqueConstraint(
                fields=["person", "resident"],
                condition=Q(ended_on__isnull=True, resident__isnull=False),
                name="pairing_resident_once",
            ),
            models.UniqueConstraint(
                fields=["person", "grid"],
                condition=Q(ended_on__isnull=True, grid__isnull=False),
                name="pairing_grid_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"

    @property
    def active(self) -> bool:
        return self.ended_on is None

    @property
    def target(self) -> object:
        return getattr(self, TARGET[PairingKind(self.kind)])
