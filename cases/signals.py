"""Caches that follow the data: the routing index and the holiday calendar."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from areas.models import Area
from cases import routing
from cases.deadlines import forget_calendar
from cases.models import CalendarDay


@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
def _area_changed(**kwargs: Any) -> None:
    routing.invalidate()


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def _calendar_changed(**kwargs: Any) -> None:
    forget_calendar()
