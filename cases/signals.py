"""Caches that follow the data: the routing index, the holiday calendar, the category memo and
the memo of desk staff.

Each is forgotten at once (this process, inside the writing transaction) and again when the
transaction commits: another process that rebuilt its copy from the rows as they were before
the commit rebuilds it once more (the shared cache carries the routing version and the
calendar across processes, see `linli.settings.CACHES`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import RoleAssignment
from areas.models import Area
from cases import routing
from cases.actions._base import forget_desks
from cases.actions.intake import forget_categories
from cases.deadlines import forget_calendar
from cases.models import CalendarDay, Category
from core.signals import rows_written


def _now_and_on_commit(forget: Callable[[], None]) -> None:
    forget()
    transaction.on_commit(forget)


@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
@receiver(rows_written, sender=Area)
def _area_changed(**kwargs: Any) -> None:
    _now_and_on_commit(routing.invalidate)
    _now_and_on_commit(forget_desks)


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
@receiver(rows_written, sender=RoleAssignment)
@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def _desk_changed(**kwargs: Any) -> None:
    _now_and_on_commit(forget_desks)


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
@receiver(rows_written, sender=CalendarDay)
def _calendar_changed(**kwargs: Any) -> None:
    _now_and_on_commit(forget_calendar)


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
@receiver(rows_written, sender=Category)
def _category_changed(**kwargs: Any) -> None:
    _now_and_on_commit(forget_categories)


def install_rollup_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After every `migrate`: the roll-ups' triggers (SQLite drops a table's triggers when its
    schema editor rebuilds the table to alter it). Idempotent; skipped until the tables exist."""
    from django.db import connections

    from cases import rollup

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if not {rollup.DAY_TABLE, rollup.LATE_TABLE, rollup.OPEN_TABLE, "cases_case"} <= tables:
        return
    with connection.cursor() as cursor:
        columns = {
            c.name for c in connection.introspection.get_table_description(cursor, rollup.DAY_TABLE)
        }
    if set(rollup.DAY_COLUMNS) <= columns:  # not while migrated back to older roll-ups
        rollup.install(using)
