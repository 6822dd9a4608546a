"""Notifications: an in-app inbox row per user, plus a pluggable outside channel.

`notify(users, title, ...)` is called inside an action's transaction; the inbox rows
commit with it. After the commit an outside channel (SMS, a chat webhook: a network call
that may be slow or down) gets them from the background worker (`core.tasks`), so the
action's answer never waits for it; the default console channel only writes a log line
and is called at once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from core.bulk import insert_all
from core.models import Notification

log = logging.getLogger("linli.notify")


class Channel(Protocol):
    def send(self, notification: Notification) -> None: ...


class ConsoleChannel:
    """The default: writes one line to the log (stand-in for SMS or a chat webhook)."""

    def send(self, notification: Notification) -> None:
        log.info(
            "notify user=%s title=%s url=%s",
            notification.user_id,
            notification.title,
            notification.url,
        )


def channel() -> Channel:
    name = getattr(settings, "LINLI_NOTIFY_CHANNEL", "console")
    if not name or name == "console":
        return ConsoleChannel()
    return import_string(name)()


def notify(users: Iterable[Any], title: str, body: str = "", url: str = "") -> list[Notification]:
    """One inbox row per user (users or their ids, each once), sent outside after commit."""
    return notify_many([(users, title, body, url)])


def notify_many(
    messages: Iterable[tuple[Iterable[Any], str, str, str]],
) -> list[Notification]:
    """`notify` for several messages (users, title, body, url) in one INSERT."""
    return notify_rows([row for m in messages for row in notices(*m)])


def notices(users: Iterable[Any], title: str, body: str = "", url: str = "") -> list[Notification]:
    """The inbox rows `notify` stores, unsaved: one per user (users or their ids, each once)."""
    ids = {u if isinstance(u, int) else u.pk for u in users if u}
    return [Notification(user_id=pk, title=title[:200], body=body, url=url[:300]) for pk in ids]


def notify_rows(rows: list[Notification]) -> list[Notification]:
    """Store unsaved inbox rows (`notices`) in one INSERT; the outside channel gets them
    after the commit."""
    insert_all(rows)
    send_on_commit(rows)
    return rows


def send_on_commit(rows: list[Notification]) -> None:
    """Hand stored inbox rows to the outside channel once the transaction commits."""
    if rows:
        batch = list(rows)  # the caller may extend the list it gets back
        transaction.on_commit(lambda: _send(batch) if _is_console() else _enqueue(batch))


def keeps_keys() -> bool:
    """Whether stored inbox rows need their keys (the background worker reads them by key);
    the console channel logs the rows themselves."""
    return not _is_console()


def _is_console() -> bool:
    return getattr(settings, "LINLI_NOTIFY_CHANNEL", "console") in ("", "console")


def _enqueue(rows: list[Notification]) -> None:
    from core.tasks import deliver_notifications

    ids = [row.pk for row in rows]
    try:
        deliver_notifications.enqueue(ids)
    except Exception:  # the inbox rows are stored; a lost outside copy must not fail the action
        log.exception("could not queue notifications %s", ids)


def deliver(ids: list[int]) -> int:
    """Send stored inbox rows through the outside channel; answers how many went out."""
    return _send(list(Notification.objects.filter(pk__in=ids).order_by("pk")))


def _send(rows: list[Notification]) -> int:
    out = channel()
    sent = 0
    for row in rows:
        try:
            out.send(row)
            sent += 1
        except Exception:  # one failing message must not stop the others
            log.exception("notification channel failed for %s", row.pk)
    return sent
