"""Edits clear this process's memos of keys and services (other processes follow within
their short lifetimes, see `core.memo`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cases.models import Category
from cases.open311.actions import forget_keys, forget_services
from cases.open311.models import ApiKey, ServiceAttribute


@receiver(post_save, sender=ApiKey)
@receiver(post_delete, sender=ApiKey)
@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _key_changed(**kwargs: Any) -> None:
    forget_keys()


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
@receiver(post_save, sender=ServiceAttribute)
@receiver(post_delete, sender=ServiceAttribute)
def _service_changed(**kwargs: Any) -> None:
    forget_services()
