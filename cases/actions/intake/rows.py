"""The rows of a checked report, built before its turn to be stored: the case with its level
and deadlines, the first timeline entry, the audit entry and the desks' notices, each with
the values its INSERT will send. Only what needs the new case's key is left for the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from areas.models import Building
from cases import photos as photo_checks
from cases import routing
from cases.actions._base import desk_users, history, now
from cases.actions.intake.checks import HOTLINES
from cases.deadlines import deadline
from cases.models import Case, CaseTransition, Category, Channel
from cases.workflow import Level, Status, level_of_area
from core import audit
from core.bulk import params_of, rendered
from core.i18n import site_language
from core.middleware import current_ip
from core.models import AuditEntry, Notification
from core.notify import notices


@dataclass
class Intake:
    """A checked report, ready to store (`store.writer`): its rows and their INSERT values
    (`values`: of the case, `first`, `entry`; `notice_values`: of each of `notices`)."""

    case: Case
    actor: Any
    note: str
    before: list[photo_checks.PreparedPhoto]
    after: list[photo_checks.PreparedPhoto]
    resolve_on_spot: bool
    handle_due: dt.datetime | None
    first: CaseTransition
    entry: AuditEntry
    notices: list[Notification]
    values: tuple[list[Any], list[Any], list[Any]]
    notice_values: list[list[Any]] = field(default_factory=list)
    # The case's VALUES as SQL text (`core.bulk.rendered`; None on SQLite).
    case_sql: str | None = None
    then: Callable[[Case], None] | None = None


def prepare(
    *,
    actor: Any,
    cat: Category,
    text: str,
    channel: str,
    x: float,
    y: float,
    address: str,
    building: Building | None,
    placement: routing.Placement,
    anonymous: bool,
    caller_name: str,
    caller_phone: str,
    key: str,
    before: list[photo_checks.PreparedPhoto],
    after: list[photo_checks.PreparedPhoto],
    resolve_on_spot: bool,
    note: str,
) -> Intake:
    """The rows of a report that passed every check (level, deadlines, reporter, desks)."""
    at = now()
    level = max(int(cat.first_level), int(level_of_area(placement.level)))
    patrol = channel == Channel.PATROL
    if patrol:
        level = Level.GRID if not placement.outside_grid else level
    accept_due = deadline(at, cat.accept_limit, cat.accept_unit)
    resident_channel = channel not in HOTLINES and not patrol
    case = Case(
        channel=channel,
        category=cat,
        description=text,
        lon=x,
        lat=y,
        address=address,
        building=building,
        area=placement.area(),
        area_code=placement.area_code,
        outside_grid=placement.outside_grid,
        level=level,
        status=Status.REPORTED,
        reported_at=at,
        accept_due=accept_due,
        due_at=accept_due,
        reporter=actor if resident_channel else None,
        created_by=actor,
        caller_name=caller_name,
        caller_phone=caller_phone,
        anonymous=anonymous,
        idempotency_key=key,
    )
    first = history(
        case,
        "report",
        actor,
        from_status="",
        at=at,
        note=note if not resolve_on_spot else "",
        save=False,
    )
    changes = {"channel": channel, "category": cat.code, "area": placement.area_code}
    entry = audit.entry(actor, "case.report", case, changes, ip=current_ip())
    desks = [] if patrol else desk_users(case.area_code, case.level)
    case_values = params_of(case)
    rows = notices(desks, _desk_title(), text[:120]) if desks else []
    return Intake(
        case=case,
        actor=actor,
        note=note,
        before=before,
        after=after,
        resolve_on_spot=resolve_on_spot,
        handle_due=(
            deadline(at, cat.handle_limit, cat.handle_unit)
            if patrol and not resolve_on_spot
            else None
        ),
        first=first,
        entry=entry,
        notices=rows,
        values=(case_values, params_of(first), params_of(entry)),
        notice_values=[params_of(row) for row in rows],
        case_sql=rendered(Case, case_values),
    )


def _desk_title() -> str:
    with site_language():
        return _("New case to accept")
