"""The deadline sweep: running cases past their deadline go up one level, flagged 督办.

Set-based: it reads only overdue rows through a partial index on `due_at`
(running, not yet flagged), in batches, and updates each batch with one UPDATE
and one INSERT … SELECT of history rows. It never walks all open cases in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import connection, transaction
from django.db.models import Case as When_
from django.db.models import F, When
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseTransition
from cases.workflow import RUNNING, Level, code_length
from core import audit
from core.notify import notify

BATCH = 10_000


def sweep_deadlines(now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """Escalate every running case whose deadline has passed by one level (up to the
    district) and flag it overdue; returns how many were escalated. Safe to run
    concurrently with actions: rows an action holds are skipped until the next run."""
    now = now or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            qs = Case.objects.filter(status__in=RUNNING, overdue=False, due_at__lt=now).order_by()
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            rows = list(qs.values_list("pk", "status", "level", "area_code")[:batch])
            if not rows:
                break
            ids = [r[0] for r in rows]
            _history(ids, now)
            Case.objects.filter(pk__in=ids).update(
                overdue=True,
                level=When_(
                    When(level__lt=Level.DISTRICT, then=F("level") + 1), default=F("level")
                ),
                updated_at=now,
            )
            _notify(rows)
            audit.record(
                None,
                "case.sweep",
                None,
                {"escalated": len(rows)},
                object_type="cases.case",
                object_repr=f"{len(rows)} overdue",
            )
        total += len(rows)
        if len(rows) < batch:
            break
    return total


def _history(ids: list[int], now: dt.datetime) -> None:
    """One INSERT … SELECT writes the history rows of a batch (before its UPDATE, so the
    levels read are the old ones); the rows are locked, so nothing moves in between."""
    cases_table = connection.ops.quote_name(Case._meta.db_table)
    history_table = connection.ops.quote_name(CaseTransition._meta.db_table)
    marks = ",".join(["%s"] * len(ids))
    top = int(Level.DISTRICT)
    q = connection.ops.quote_name
    columns = ", ".join(
        q(c)
        for c in (
            "case_id",
            "action",
            "from_status",
            "to_status",
            "from_level",
            "to_level",
            "at",
            "note",
        )
    )
    sql = (
        f"INSERT INTO {history_table} ({columns}) "
        f"SELECT id, 'overdue', status, status, level, "
        f"CASE WHEN level < {top} THEN level + 1 ELSE level END, %s, %s "
        f"FROM {cases_table} WHERE id IN ({marks})"
    )
    with connection.cursor() as cursor:
        at = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(sql, [at, str(_("Deadline passed")), *ids])


def _notify(rows: list[tuple[Any, ...]]) -> None:
    """One notice per desk user of the receiving areas, with the count."""
    from accounts.models import RoleAssignment
    from cases.permissions import DESK_ROLES

    counts: Counter[str] = Counter(
        code[: code_length(min(level + 1, Level.DISTRICT))] for _pk, _s, level, code in rows
    )
    holders = RoleAssignment.objects.filter(
        role__in=DESK_ROLES, area__code__in=list(counts)
    ).select_related("user", "area")
    per_user: Counter[Any] = Counter()
    users = {}
    for ra in holders:
        per_user[ra.user_id] += counts[ra.area.code]
        users[ra.user_id] = ra.user
    for user_id, n in per_user.items():
        notify(
            [users[user_id]],
            _("%(n)d cases are overdue and were escalated to you (督办)") % {"n": n},
            "",
            "/cases/desk/?overdue=1",
        )
