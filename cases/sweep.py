"""The deadline sweep: running cases past their deadline go up one level, flagged 督办.

At the new level the case gets a new deadline (the category's time to accept while it
waits for acceptance, else its time to handle, counted from the sweep); when that passes
too it climbs again, level by level, up to the district. A case overdue at the district
is flagged once and stays there.

Set-based: it reads only overdue rows through a partial index on `due_at` (running and
still able to climb or be flagged), in batches, and updates each batch with one UPDATE
per category and one INSERT … SELECT of history rows. It never walks all open cases in
Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import Calendar, deadline
from cases.models import Case, CaseRequest, CaseTransition, Category, RequestStatus
from cases.workflow import RUNNING, Level, Status, code_length
from core import audit
from core.i18n import site_language
from core.notify import notify

BATCH = 10_000


def sweep_deadlines(now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """Escalate every running case whose deadline has passed by one level (up to the
    district) with a new deadline there, and flag it overdue; returns how many were
    escalated. Safe to run concurrently with actions: rows an action holds are skipped
    until the next run."""
    now = now or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            qs = Case.objects.filter(SWEPT, due_at__lt=now).order_by()
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            fields = ("pk", "status", "level", "area_code", "category_id")
            rows = list(qs.values_list(*fields)[:batch])
            if not rows:
                break
            _history([r[0] for r in rows], now)
            _escalate(rows, now)
            _retarget(rows)
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


# Running cases that can still climb a level or be flagged at the top; the partial index
# `case_sweep_idx` has this condition, so the sweep reads only the rows past due_at.
SWEPT = Q(status__in=sorted(RUNNING)) & (Q(level__lt=Level.DISTRICT) | Q(overdue=False))


def _escalate(rows: list[tuple[Any, ...]], now: dt.datetime) -> None:
    """Flag the rows overdue; those below the district go up one level with a new deadline
    there (one UPDATE per category and clock)."""
    top = [r[0] for r in rows if r[2] >= Level.DISTRICT]
    if top:
        Case.objects.filter(pk__in=top).update(overdue=True, missed_due=F("due_at"), updated_at=now)
    groups: dict[tuple[int, bool], list[int]] = {}
    for pk, status, level, _code, category_id in rows:
        if level < Level.DISTRICT:
            groups.setdefault((category_id, status == Status.REPORTED), []).append(pk)
    if not groups:
        return
    limits = {
        c.pk: c
        for c in Category.objects.filter(pk__in={category for category, _r in groups}).only(
            "accept_limit", "accept_unit", "handle_limit", "handle_unit"
        )
    }
    cal = Calendar.load()
    for (category_id, accepting), ids in groups.items():
        c = limits[category_id]
        if accepting:
            due = deadline(now, c.accept_limit, c.accept_unit, cal)
            clock = {"accept_due": due}
        else:
            due = deadline(now, c.handle_limit, c.handle_unit, cal)
            clock = {"handle_due": due}
        Case.objects.filter(pk__in=ids).update(
            overdue=True,
            missed_due=F("due_at"),  # the old value: SQL reads every right side before the SET
            level=F("level") + 1,
            due_at=due,
            updated_at=now,
            **clock,
        )


def _retarget(rows: list[tuple[Any, ...]]) -> None:
    """A case the sweep lifts keeps its status and handler, so its pending extension or
    suspension still applies: it goes to the level above the new one (one UPDATE per level).
    (A case escalated by hand waits to be dispatched again instead, and its request lapses.)"""
    by_level: dict[int, list[int]] = {}
    for pk, _status, level, _code, _category in rows:
        if level < Level.DISTRICT:
            by_level.setdefault(min(level + 2, Level.DISTRICT), []).append(pk)
    for approver, ids in by_level.items():
        CaseRequest.objects.filter(case_id__in=ids, status=RequestStatus.PENDING).update(
            approver_level=approver
        )
    # Those who decide it now are told, as those who did were when it was made.
    from cases.actions.approvals import tell_approvers

    moved = [pk for ids in by_level.values() for pk in ids]
    waiting = CaseRequest.objects.filter(case_id__in=moved, status=RequestStatus.PENDING)
    for req in waiting.select_related("case"):
        tell_approvers(req, req.case)


def _history(ids: list[int], now: dt.datetime) -> None:
    """One INSERT … SELECT writes the history rows of a batch (before its UPDATE, so the
    levels read are the old ones); the rows are locked, so nothing moves in between. No note:
    the action's label says what happened, in the reader's language."""
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
        cursor.execute(sql, [at, "", *ids])


def _notify(rows: list[tuple[Any, ...]]) -> None:
    """One notice per desk user of the receiving areas, with the count."""
    from accounts.models import RoleAssignment
    from cases.permissions import desk_roles

    counts: Counter[str] = Counter(
        code[: code_length(min(level + 1, Level.DISTRICT))] for _pk, _s, level, code, _c in rows
    )
    holders = RoleAssignment.objects.filter(
        role__in=desk_roles(), area__code__in=list(counts)
    ).select_related("user", "area")
    per_user: Counter[Any] = Counter()
    users = {}
    for ra in holders:
        per_user[ra.user_id] += counts[ra.area.code]
        users[ra.user_id] = ra.user
    for user_id, n in per_user.items():
        with site_language():
            notify(
                [users[user_id]],
                _("%(n)d cases are overdue and were escalated to you (督办)") % {"n": n},
                "",
                "/cases/desk/?overdue=1",
            )
