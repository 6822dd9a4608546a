"""The deadline sweep: running cases past their deadline go up one level, flagged 督办.

At the new level the case gets a new deadline (the category's time to accept while it
waits for acceptance, else its time to handle, counted from the sweep); when that passes
too it climbs again, level by level, up to the district. A case overdue at the district
is flagged once and stays there.

The rule is stated once, in `cases.workflow` (`SWEPT`: which cases may be swept, also the
partial index's condition; `escalation`: the level and clock an overdue case goes to), and
applied two ways that must agree (a test holds them to it): `sweep_deadlines`, set-based,
reads only overdue rows through the partial index on `due_at`, in batches, and updates each
batch with one UPDATE per category, clock and level and one INSERT … SELECT of history rows,
never walking all open cases in Python; `escalate_overdue` applies it to one case through
`core.workflow.move`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import Calendar, deadline
from cases.models import Case, CaseRequest, CaseTransition, Category, RequestStatus
from cases.workflow import SWEPT, Level, code_length, escalation
from core import audit, workflow
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


def restarted(category: Category, clock: str, now: dt.datetime, cal: Calendar) -> dt.datetime:
    """The new deadline of a swept case: the category's time for `clock` ("accept_due",
    "handle_due"), counted from the sweep."""
    if clock == "accept_due":
        return deadline(now, category.accept_limit, category.accept_unit, cal)
    return deadline(now, category.handle_limit, category.handle_unit, cal)


def _approver(level: int) -> int:
    """A swept case keeps its status and handler, so its pending extension or suspension still
    applies: it goes to the level above the case's new one. (A case escalated by hand waits
    to be dispatched again instead, and its request lapses.)"""
    return min(level + 1, Level.DISTRICT)


def _escalate(rows: list[tuple[Any, ...]], now: dt.datetime) -> None:
    """Flag the rows overdue; each goes where `escalation` says, with its clock restarted
    there (one UPDATE per category, clock and level; the top level's only flagged)."""
    top: list[int] = []
    groups: dict[tuple[int, str, int], list[int]] = {}
    for pk, status, level, _code, category_id in rows:
        to_level, clock = escalation(status, level)
        if clock is None:
            top.append(pk)
        else:
            groups.setdefault((category_id, clock, to_level), []).append(pk)
    if top:
        Case.objects.filter(pk__in=top).update(overdue=True, missed_due=F("due_at"), updated_at=now)
    if not groups:
        return
    limits = {
        c.pk: c
        for c in Category.objects.filter(pk__in={key[0] for key in groups}).only(
            "accept_limit", "accept_unit", "handle_limit", "handle_unit"
        )
    }
    cal = Calendar.load()
    for (category_id, clock, to_level), ids in groups.items():
        due = restarted(limits[category_id], clock, now, cal)
        Case.objects.filter(pk__in=ids).update(
            overdue=True,
            missed_due=F("due_at"),  # the old value: SQL reads every right side before the SET
            level=to_level,
            due_at=due,
            updated_at=now,
            **{clock: due},
        )


def _retarget(rows: list[tuple[Any, ...]]) -> None:
    """Pending requests of lifted cases go to the level above (one UPDATE per level)."""
    by_level: dict[int, list[int]] = {}
    for pk, status, level, _code, _category in rows:
        to_level, clock = escalation(status, level)
        if clock is not None:
            by_level.setdefault(_approver(to_level), []).append(pk)
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
    # The level each goes to, as `escalation` says (it depends on the level alone).
    to_level = " ".join(
        f"WHEN {int(level)} THEN {int(escalation('', level)[0])}" for level in Level.values
    )
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
        f"CASE level {to_level} ELSE level END, %s, %s "
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
        code[: code_length(escalation(status, level)[0])] for _pk, status, level, code, _c in rows
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


@transaction.atomic
def escalate_overdue(case: Case | int, now: dt.datetime | None = None) -> Case:
    """The sweep's rule applied to one case through `core.workflow.move`: what
    `sweep_deadlines` does to it in bulk (its history row, fields and pending request), with
    the case's own audit entry ("case.overdue"). A case the rule does not sweep is left as
    it is."""
    now = now or timezone.now()
    pk = case if isinstance(case, int) else case.pk
    c = Case.objects.select_for_update().select_related("category").get(pk=pk)
    if not Case.objects.filter(SWEPT, pk=pk, due_at__lt=now).exists():
        return c
    row = (c.pk, c.status, c.level, c.area_code, c.category_id)
    to_level, clock = escalation(c.status, c.level)
    changes: dict[str, Any] = {"overdue": True, "missed_due": c.due_at}
    if clock is not None:
        due = restarted(c.category, clock, now, Calendar.load())
        changes.update({"level": to_level, "due_at": due, clock: due})
    workflow.move(
        c, "overdue", None, changes=changes, extra={"from_level": c.level, "at": now}, locked=True
    )
    if clock is not None:
        CaseRequest.objects.filter(case=c, status=RequestStatus.PENDING).update(
            approver_level=_approver(to_level)
        )
    _notify([row])
    return c
