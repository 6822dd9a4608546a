"""A user's in-app inbox: the reads and writes that the inbox page and the API share.

Only the owner reaches a message: another user's id is "not there" (None), never "not yours".
Marking read is the owner's own bookkeeping, not a change to shared data, so it writes no
audit entry.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.models import Notification


def inbox_of(user: Any, *, unread: bool = False) -> QuerySet[Notification]:
    """The user's messages, newest first; `unread` keeps only those not read yet."""
    qs = Notification.objects.filter(user=user).order_by("-created", "-id")
    return qs.filter(read_at__isnull=True) if unread else qs


def unread_count(user: Any) -> int:
    return inbox_of(user, unread=True).count()


def message_of(user: Any, pk: int) -> Notification | None:
    """The user's own message `pk`, or None when there is none (or it is someone else's)."""
    return Notification.objects.filter(pk=pk, user=user).first()


def do_mark_read(user: Any, pk: int) -> Notification | None:
    """Mark the user's message read; marking it again keeps the first reading time. None (and
    nothing changed) when the message is not the user's."""
    Notification.objects.filter(pk=pk, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return message_of(user, pk)


def do_mark_all_read(user: Any) -> int:
    """Mark every unread message of the user read; answers how many were unread."""
    return inbox_of(user, unread=True).update(read_at=timezone.now())
