"""Patrols (巡查): a grid worker's walk, its track, and check-ins at key spots (重点部位)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# How near a key spot (metres) a check-in must be made, unless the spot says otherwise.
CHECK_IN_RADIUS = 100


class KeySpot(models.Model):
    """A key spot of a grid (重点部位): a place a patrol checks on, with its position. A
    register (`fieldwork.registers.KeySpotSpec`), imported and exported by code."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    grid = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="key_spots", verbose_name=_("grid")
    )
    kind = models.CharField(_("kind"), max_length=50, blank=True)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    radius = models.PositiveIntegerField(_("check-in radius (m)"), default=CHECK_IN_RADIUS)
    note = models.CharField(_("note"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("key spot")
        verbose_name_plural = _("key spots")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PatrolStatus(models.TextChoices):
    RUNNING = "running", _("Under way")
    ENDED = "ended", _("Ended")


class Patrol(models.Model):
    """One patrol of a grid by a worker posted there: started and ended on the phone. Its
    distance is the track's length (haversine), kept as the track arrives."""

    walker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="patrols",
        verbose_name=_("grid worker"),
    )
    grid = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="patrols", verbose_name=_("grid")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PatrolStatus.choices, default=PatrolStatus.RUNNING
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    distance = models.FloatField(_("distance (m)"), default=0)
    # The highest track point sequence number stored: a batch answers it, the phone drops
    # what is acknowledged.
    last_seq = models.IntegerField(default=-1)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["walker", "-started_at"], name="patrol_walker_idx")]
        constraints = [
            # One patrol under way per worker at a time.
            models.UniqueConstraint(
                fields=["walker"],
                condition=models.Q(status="running"),
                name="patrol_one_running",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grid_id}/{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def seconds(self) -> int:
        if self.ended_at is None:
            return 0
        return int((self.ended_at - self.started_at).total_seconds())


class TrackPoint(models.Model):
    """A sampled position of a patrol; `seq` numbers the phone's samples from 0, so a batch
    sent again stores nothing twice."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="track")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    lon = models.FloatField()
    lat = models.FloatField()
    accuracy = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["patrol", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["patrol", "seq"], name="trackpoint_patrol_seq"),
        ]


class CheckIn(models.Model):
    """A patrol's check-in at a key spot of its grid, the phone's position within the spot's
    radius; once per spot and patrol."""

    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="check_ins")
    spot = models.ForeignKey(KeySpot, on_delete=models.PROTECT, related_name="check_ins")
    at = models.DateTimeField(pgettext_lazy("patrol", "checked in at"))
    lon = models.FloatField()
    lat = models.FloatField()
    distance = models.FloatField(_("distance from the spot (m)"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["patrol", "spot"], name="checkin_patrol_spot"),
        ]
