"""Extension 延期 and suspension 挂账: requested by the handler, decided by the level above."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.actions._base import act_as_handler, desk_users, history, lock, move, now, tell
from cases.deadlines import Calendar, add_working_days
from cases.models import Case, CaseRequest, RequestKind, RequestStatus
from cases.permissions import decides, require_view
from cases.workflow import TABLE, Level
from core import audit, workflow
from core.i18n import site_language
from core.refusal import Conflict, Forbidden, Invalid, NotFound

MAX_EXTENSION_DAYS = 30


def _request(case: Case | int, kind: str, reason: str, days: int, actor: Any) -> CaseRequest:
    c = lock(case)
    act_as_handler(c, actor)
    action = "request_extension" if kind == RequestKind.EXTENSION else "request_suspension"
    reason = str(reason or "").strip()
    if not reason:
        raise Invalid(_("Please give a reason."), "reason")
    if len(reason) > 1000:
        raise Invalid(_("At most %(n)d characters.") % {"n": 1000}, "reason")
    before = c.status
    move(c, action, actor, note=reason)
    try:
        with transaction.atomic():
            req = CaseRequest.objects.create(
                case=c,
                kind=kind,
                reason=reason,
                days=days,
                approver_level=min(c.level + 1, Level.DISTRICT),
                requested_by=actor,
                requested_at=now(),
            )
    except IntegrityError:
        raise Conflict(_("A request for this case is already waiting.")) from None
    assert before == c.status
    tell_approvers(req, c)
    return req


def tell_approvers(req: CaseRequest, case: Case) -> None:
    """Notify those who decide the request (`permissions.decides`): the desk of its approver
    level on the case's area, but not whoever asked."""
    users = [u for u in desk_users(case.area_code, req.approver_level) if u != req.requested_by_id]
    with site_language():
        title = _("%(kind)s request waits for your approval") % {"kind": req.get_kind_display()}
        tell(users, title, case, req.reason)


@transaction.atomic
def do_request_extension(case: Case | int, *, days: Any, reason: str, actor: Any) -> CaseRequest:
    """Ask the level above for more working days (1–30) on a dispatched or running case."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise Invalid(
            _("An extension is 1 to %(n)d working days.") % {"n": MAX_EXTENSION_DAYS}, "days"
        )
    return _request(case, RequestKind.EXTENSION, reason, days, actor)


@transaction.atomic
def do_request_suspension(case: Case | int, *, reason: str, actor: Any) -> CaseRequest:
    """Ask the level above to suspend (挂账) a case that cannot be solved for now: its clock stops."""
    return _request(case, RequestKind.SUSPENSION, reason, 0, actor)


@transaction.atomic
def do_decide_request(
    request: CaseRequest | int, *, approve: bool, note: str = "", actor: Any
) -> CaseRequest:
    """Approve or deny a pending request; only desk staff at the level above the case may.
    An approved extension moves the deadline; an approved suspension stops the clock. A
    request that lapsed (the case moved on while it waited, `_base.lapse_requests`) is a
    conflict."""
    pk = request if isinstance(request, int) else request.pk
    req = CaseRequest.objects.select_for_update().filter(pk=pk).first()
    if req is None:
        raise NotFound(_("No such request."))
    c = lock(req.case_id)
    require_view(actor, c)
    if not decides(actor, req):
        raise Forbidden(_("Only the level above may decide this request."))
    if req.status == RequestStatus.LAPSED:
        raise Conflict(_("This request lapsed when the case moved on; it cannot be decided."))
    if req.status != RequestStatus.PENDING:
        raise Conflict(_("This request has already been decided."))
    note = str(note or "").strip()[:1000]
    workflow.move(
        req,
        "approve" if approve else "deny",
        actor,
        changes={"decided_by": actor, "decided_at": now(), "decision_note": note},
        locked=True,
    )
    action = "extend" if req.kind == RequestKind.EXTENSION else "suspend"
    if not approve:
        if action not in workflow.allowed(TABLE, c.status):
            raise Conflict(_("The case has moved on; the request no longer applies."))
        history(c, "deny", actor, from_status=c.status, note=note or req.reason)
        audit.record(actor, "case.deny_request", c, {"request": req.pk})
    elif req.kind == RequestKind.EXTENSION:
        start = c.handle_due or now()
        due = add_working_days(start, req.days, Calendar.load())
        move(
            c,
            "extend",
            actor,
            note=note,
            changes={"handle_due": due, "due_at": due, "extended": True},
        )
    else:
        move(c, "suspend", actor, note=note, changes={"suspended_at": now(), "due_at": None})
    with site_language():
        tell([req.requested_by], _("Your request was decided"), c, req.get_status_display())
    return req


@transaction.atomic
def do_resume_case(case: Case | int, *, actor: Any, note: str = "") -> Case:
    """Resume a suspended case: the deadline moves by the time it was suspended."""
    c = lock(case)
    act_as_handler(c, actor)
    at = now()
    due = c.handle_due
    if due and c.suspended_at:
        due = due + (at - c.suspended_at)
    return move(
        c,
        "resume",
        actor,
        note=str(note or "")[:1000],
        changes={"suspended_at": None, "handle_due": due, "due_at": due},
    )
