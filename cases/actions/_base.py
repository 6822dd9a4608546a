"""Shared steps of the case actions: locking, moving through the table, history, notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from cases.models import Case, CaseRequest, CaseTransition, RequestStatus
from cases.permissions import desk_roles, require_desk, require_handler
from cases.workflow import TABLE, code_length
from core import audit, workflow
from core.bulk import insert
from core.memo import Memo
from core.notify import notify, notify_many
from core.refusal import NotFound

DESK_TTL = 10.0
_desks: Memo[dict[str, tuple[int, ...]]] = Memo(DESK_TTL, shared="case-desks")


def forget_desks() -> None:
    _desks.clear()


def now() -> dt.datetime:
    return timezone.now()


def case_url(case: Case) -> str:
    return f"/cases/{case.pk}/"


def lock(case: Case | int) -> Case:
    """The case re-read under a row lock: the state every check is made against."""
    pk = case if isinstance(case, int) else case.pk
    found = Case.objects.select_for_update().select_related("category").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such case."))
    return found


def history(
    case: Case,
    action: str,
    actor: Any,
    *,
    from_status: str,
    from_level: int | None = None,
    note: str = "",
    at: dt.datetime | None = None,
    save: bool = True,
) -> CaseTransition:
    """The timeline entry of `action` on `case` (stored unless `save` is False)."""
    row = CaseTransition(
        case=case,
        action=action,
        from_status=from_status,
        to_status=case.status,
        from_level=case.level if from_level is None else from_level,
        to_level=case.level,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=at or now(),
        note=note,
    )
    if save:
        insert(row)
    return row


# The statuses in which a pending extension or suspension can still be decided: approving
# one moves the case through "extend" or "suspend", which start only from these.
DECIDABLE = TABLE.sources("extend") | TABLE.sources("suspend")


def move(
    case: Case,
    action: str,
    actor: Any,
    *,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> Case:
    """Apply `action` from the table to a locked case (`core.workflow.move`); a pending
    request the case can no longer be decided in lapses."""
    before_status, before_level = case.status, case.level
    workflow.move(
        case,
        action,
        actor,
        changes=changes,
        note=note,
        extra={"from_level": before_level},
        locked=True,
    )
    if before_status in DECIDABLE and case.status not in DECIDABLE:
        lapse_requests(case, actor)
    return case


def lapse_requests(case: Case, actor: Any) -> None:
    """Close the case's pending request as lapsed once the case has left the statuses it
    could be decided in (handled, closed, rejected, merged, escalated to the level above and
    waiting there): it no longer applies and would otherwise wait on the approvals page
    forever. A request approved in this same move (a suspension) is no longer pending."""
    req = (
        CaseRequest.objects.select_for_update()
        .filter(case=case, status=RequestStatus.PENDING)
        .first()
    )
    if req is None:
        return
    workflow.move(req, "lapse", actor, changes={"decided_at": now()}, locked=True)
    history(case, "lapse", actor, from_status=case.status)
    audit.record(actor, "case.lapse_request", case, {"request": req.pk, "kind": req.kind})


def take(case: Case, actor: Any, level: int | None) -> None:
    """A level above stepping in (督办) takes the locked case: its level moves up to the
    actor's, with a timeline entry, so the closing level says who resolved it."""
    if level is None or level <= case.level:
        return
    before = case.level
    diff = audit.diff(case, {"level": level})
    case.level = level
    case.save(update_fields=["level", "updated_at"])
    history(case, "take_over", actor, from_status=case.status, from_level=before)
    audit.record(actor, "case.take_over", case, diff)


def act_as_desk(case: Case, actor: Any) -> None:
    """Desk staff of the case's level, or a level above (which then takes the case)."""
    take(case, actor, require_desk(actor, case))


def act_as_handler(case: Case, actor: Any) -> None:
    """The assigned handler, or desk staff as in `act_as_desk`."""
    take(case, actor, require_handler(actor, case))


def _desk_map() -> dict[str, tuple[int, ...]]:
    by_code: dict[str, list[int]] = {}
    rows = RoleAssignment.objects.filter(role__in=desk_roles(), user__is_active=True)
    for code, user_id in rows.values_list("area__code", "user_id").order_by("user_id"):
        ids = by_code.setdefault(code, [])
        if user_id not in ids:
            ids.append(user_id)
    return {code: tuple(ids) for code, ids in by_code.items()}


def desk_users(area_code: str, level: int) -> list[int]:
    """The ids of the active desk staff on the case's area at `level` (the community office
    for level 1, ...): enough to notify them, without loading their rows.

    Every report asks this, so the desk staff of all areas (a district's few hundred) are
    kept in a per-process memo (`core.memo`, shared): a role given or taken, or an account
    switched off, reaches this process's notices at once if made here, within
    `LINLI_SHARED_VERSION_SECONDS` (at most `DESK_TTL`) if made in another process."""
    found = _desks.get("all", _desk_map) or {}
    return list(found.get(area_code[: code_length(level)], ()))


def followers(case: Case) -> list[Any]:
    """The reporter and everyone who said "me too" or was merged into this case."""
    users: list[Any] = [case.reporter] if case.reporter_id else []
    users += [s.user for s in case.supporters.select_related("user")]
    return users


def tell(users: Iterable[Any], title: str, case: Case, body: str = "") -> None:
    notify(users, title, body or case.description[:120], case_url(case))


def tell_progress(cases: Iterable[Case], title: str, actor: Any) -> None:
    """A progress notice to each case's reporter and supporters (accepted, dispatched,
    handled; closing asks them to rate): one INSERT for all. The actor is not told of their
    own step. The notice carries the report's own words, never a staff note."""
    notify_many(
        [
            ([u for u in followers(c) if u.pk != actor.pk], title, c.description[:120], case_url(c))
            for c in cases
        ]
    )
