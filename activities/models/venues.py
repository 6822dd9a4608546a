"""Venues (阵地): party-mass service centres, stations, living rooms and shared rooms or
grounds, with their rooms, opening hours, facilities, manager and photos."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area
from core.media import RandomName
from party.models import PartnerUnit, PartyOrganisation, new_code

WEEKDAYS = 7  # Monday is 0, as datetime.weekday() counts


class VenueKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", pgettext_lazy("venue", "Party-mass service centre")
    STATION = "station", pgettext_lazy("venue", "Station")
    LIVING_ROOM = "living_room", pgettext_lazy("venue", "Community living room")
    SHARED_ROOM = "shared_room", pgettext_lazy("venue", "Shared room")
    GROUND = "ground", pgettext_lazy("venue", "Shared ground")


# The map's colour of each kind (its legend shows the same).
KIND_COLOURS = {
    VenueKind.SERVICE_CENTRE: "#c8161d",
    VenueKind.STATION: "#b54708",
    VenueKind.LIVING_ROOM: "#7a5af8",
    VenueKind.SHARED_ROOM: "#175cd3",
    VenueKind.GROUND: "#12805c",
}


def parse_hours(value: list[object] | None) -> list[tuple[dt.time, dt.time] | None]:
    """The stored opening hours (seven entries from Monday: ["08:30", "17:30"] or null) as
    times; a malformed entry counts as closed."""
    out: list[tuple[dt.time, dt.time] | None] = []
    for entry in list(value or [])[:WEEKDAYS]:
        try:
            start, end = (dt.time.fromisoformat(str(t)) for t in entry)  # type: ignore[attr-defined]
        except (TypeError, ValueError):
            out.append(None)
            continue
        out.append((start, end) if start < end else None)
    return out + [None] * (WEEKDAYS - len(out))


class Venue(models.Model):
    """A place residents come to. It is kept by the area it stands in and managed either by a
    party organisation or by a partner unit that shares its own rooms (阵地共享); `keepers`
    are the managing unit's contacts, who decide its bookings with the area's staff."""

    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    name = models.CharField(pgettext_lazy("venue", "name"), max_length=100)
    kind = models.CharField(
        pgettext_lazy("venue", "kind"), max_length=16, choices=VenueKind.choices
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="venues"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    # Seven entries from Monday, each ["HH:MM", "HH:MM"] or null (closed that day).
    opening_hours = models.JSONField(pgettext_lazy("venue", "opening hours"), default=list)
    facilities = models.JSONField(pgettext_lazy("venue", "facilities"), default=list, blank=True)
    description = models.TextField(pgettext_lazy("venue", "description"), blank=True)
    organisation = models.ForeignKey(
        PartyOrganisation,
        verbose_name=pgettext_lazy("venue", "managing organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="venues",
    )
    partner_unit = models.ForeignKey(
        PartnerUnit,
        verbose_name=pgettext_lazy("venue", "managing partner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="venues",
    )
    keepers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("venue", "contacts"),
        blank=True,
        related_name="kept_venues",
    )
    active = models.BooleanField(pgettext_lazy("venue", "open for booking"), default=True)

    class Meta:
        verbose_name = pgettext_lazy("venue", "venue")
        verbose_name_plural = pgettext_lazy("venue", "venues")
        ordering = ["area__code", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, partner_unit__isnull=True)
                | models.Q(organisation__isnull=True, partner_unit__isnull=False),
                name="venue_one_manager",
            ),
            models.CheckConstraint(
                condition=models.Q(lon__gte=-180, lon__lte=180, lat__gte=-90, lat__lte=90),
                name="venue_position_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def manager_name(self) -> str:
        unit = self.organisation or self.partner_unit
        return unit.name if unit is not None else ""

    @property
    def shared(self) -> bool:
        """Offered by a partner unit (阵地共享)."""
        return self.partner_unit_id is not None

    def hours(self) -> list[tuple[dt.time, dt.time] | None]:
        return parse_hours(self.opening_hours)


class Room(models.Model):
    """A room or ground of a venue that can be booked, for at most `capacity` people."""

    code = models.CharField(_("code"), max_length=40, unique=True, default=new_code)
    venue = models.ForeignKey(
        Venue,
        verbose_name=pgettext_lazy("venue", "venue"),
        on_delete=models.CASCADE,
        related_name="rooms",
    )
    name = models.CharField(pgettext_lazy("room", "name"), max_length=100)
    capacity = models.PositiveIntegerField(pgettext_lazy("room", "capacity"))
    active = models.BooleanField(pgettext_lazy("venue", "open for booking"), default=True)

    class Meta:
        verbose_name = pgettext_lazy("room", "room")
        verbose_name_plural = pgettext_lazy("room", "rooms")
        ordering = ["venue", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="room_capacity"),
            models.UniqueConstraint(fields=["venue", "name"], name="room_name_per_venue"),
        ]

    def __str__(self) -> str:
        return f"{self.venue.name} · {self.name}"


class VenuePhoto(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=RandomName("venues"))
    caption = models.CharField(pgettext_lazy("venue", "caption"), max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("venue", "photo")
        verbose_name_plural = pgettext_lazy("venue", "photos")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.venue_id} · {self.caption or self.pk}"
