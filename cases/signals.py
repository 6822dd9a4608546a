"""Caches that follow the data: the routing index, the holiday calendar and the category memo."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from areas.models import Area
from cases import routing
from cases.actions.intake import forget_categories
from cases.deadlines import forget_calendar
from cases.models import CalendarDay, Category


@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
def _area_changed(**kwargs: Any) -> None:
    routing.invalidate()


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def _calendar_changed(**kwargs: Any) -> None:
    forget_calendar()


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def _category_changed(**kwargs: Any) -> None:
    forget_categories()
