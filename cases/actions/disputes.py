"""Disputes 矛盾纠纷: parties, mediation sessions, agreements and the mediation ladder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cases.actions._base import desk_users, history, lock, now, tell
from cases.models import Dispute, DisputeType, MediationLevel, MediationSession, Outcome
from cases.models.case import Case
from cases.permissions import may_reveal_parties, require_handler, require_view
from cases.workflow import ENDED, OPEN, Level
from core import audit
from core.i18n import site_language
from core.refusal import Conflict, Forbidden, Invalid, NotFound

# Each step of a dispute: (its case timeline action, its audit action).
STEPS = {
    "open": ("open_dispute", "dispute.open"),
    "mediation": ("mediation", "dispute.mediation"),
    "agreement": ("agreement", "dispute.agreement"),
    "escalate": ("escalate_mediation", "dispute.escalate"),
    "refer_to_court": ("refer_to_court", "dispute.refer_to_court"),
}


def _log(
    c: Case, d: Dispute, step: str, actor: Any, changes: dict[str, Any], note: str = ""
) -> None:
    """A step of the dispute on its case's timeline (who, when, what), and its audit entry,
    which belongs to the case's area so that the area's staff find it in their audit log.

    The timeline entry never carries the parties, the mediation notes or the agreement's
    text: those stay on the dispute record."""
    action, audit_action = STEPS[step]
    history(c, action, actor, from_status=c.status, note=note)
    audit.record(actor, audit_action, d, {"case": c.pk} | changes, area_code=c.area_code)


def _parties(parties: Any) -> list[dict[str, str]]:
    if not isinstance(parties, list) or len(parties) < 2:
        raise Invalid(_("A dispute has at least two parties."), "parties")
    out = []
    for p in parties:
        if not isinstance(p, dict) or not str(p.get("name", "")).strip():
            raise Invalid(_("Every party needs a name."), "parties")
        out.append(
            {
                "name": str(p["name"]).strip()[:50],
                "phone": str(p.get("phone", "")).strip()[:20],
                "role": str(p.get("role", "")).strip()[:20],
            }
        )
    return out


@transaction.atomic
def do_open_dispute(case: Case | int, *, dispute_type: str, parties: Any, actor: Any) -> Dispute:
    """Record an open case as a dispute with its type and at least two named parties."""
    c = lock(case)
    require_handler(actor, c)
    if dispute_type not in DisputeType.values:
        raise Invalid(_("Unknown dispute type."), "dispute_type")
    if c.status not in OPEN:
        raise Conflict(_("Only an open case can become a dispute."))
    if not c.category.is_dispute:
        raise Invalid(_("Only a case of a dispute category can have a dispute record."), "category")
    if Dispute.objects.filter(case=c).exists():
        raise Conflict(_("This case already has a dispute record."))
    level = min(c.level, MediationLevel.SUBDISTRICT)
    dispute = Dispute.objects.create(
        case=c, dispute_type=dispute_type, parties=_parties(parties), mediation_level=level
    )
    with site_language():
        kind = str(DisputeType(dispute_type).label)
    _log(c, dispute, "open", actor, {"type": dispute_type}, note=kind)
    return dispute


def _still_running(c: Case) -> None:
    """Sessions and the agreement are recorded while the case has not ended."""
    if c.status in ENDED:
        raise Conflict(_("This case has ended: its mediation can no longer be recorded."))


def _lock_dispute(dispute: Dispute | int) -> Dispute:
    pk = dispute if isinstance(dispute, int) else dispute.pk
    found = Dispute.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such dispute."))
    return found


@transaction.atomic
def do_record_mediation(
    dispute: Dispute | int,
    *,
    date: dt.date,
    mediators: str,
    outcome: str,
    notes: str = "",
    actor: Any,
) -> MediationSession:
    """Record one mediation session (date not in the future, mediators, outcome) at the
    dispute's current level."""
    d = _lock_dispute(dispute)
    c = lock(d.case_id)
    require_handler(actor, c)
    _still_running(c)
    mediators = str(mediators or "").strip()
    if not mediators or len(mediators) > 200:
        raise Invalid(_("Name the mediators (200 characters at most)."), "mediators")
    if outcome not in Outcome.values:
        raise Invalid(_("Unknown outcome."), "outcome")
    if not isinstance(date, dt.date) or date > now().date() + dt.timedelta(days=1):
        raise Invalid(_("The session date cannot be in the future."), "date")
    if len(notes or "") > 2000:
        raise Invalid(_("At most %(n)d characters.") % {"n": 2000}, "notes")
    session = MediationSession.objects.create(
        dispute=d,
        date=date,
        level=d.mediation_level,
        mediators=mediators,
        outcome=outcome,
        notes=notes or "",
        recorded_by=actor,
    )
    with site_language():
        said = f"{date.isoformat()} · {Outcome(outcome).label}"
    _log(c, d, "mediation", actor, {"outcome": outcome, "date": date.isoformat()}, note=said)
    return session


@transaction.atomic
def do_record_agreement(dispute: Dispute | int, *, text: str, actor: Any) -> Dispute:
    """Record the mediation agreement (once)."""
    d = _lock_dispute(dispute)
    c = lock(d.case_id)
    require_handler(actor, c)
    _still_running(c)
    text = str(text or "").strip()
    if not text or len(text) > 4000:
        raise Invalid(_("Write the agreement (4000 characters at most)."), "text")
    if d.agreed_at:
        raise Conflict(_("An agreement is already recorded."))
    d.agreement, d.agreed_at = text, now()
    d.save(update_fields=["agreement", "agreed_at"])
    _log(c, d, "agreement", actor, {})
    return d


@transaction.atomic
def do_reveal_parties(case: Case | int, *, actor: Any) -> Dispute:
    """Show the parties' phones in full to a role with `reveal_personal` on the case's area;
    every full view is an audit entry naming the case. Everyone else who may open the case
    sees them masked and is refused here (403; 404 for who may not open it), unrecorded."""
    c = case if isinstance(case, Case) else lock(case)
    require_view(actor, c)
    if not may_reveal_parties(actor, c):
        raise Forbidden(_("Your role may not see the parties' phone numbers in full."))
    d = Dispute.objects.filter(case=c).first()
    if d is None:
        raise NotFound(_("This case has no dispute record."))
    audit.record(
        actor,
        "dispute.reveal_personal",
        d,
        {"case": c.pk, "revealed": "phone"},
        area_code=c.area_code,
    )
    return d


# Whose desk hears of each mediation level: the level's own desk; a court referral goes to
# the subdistrict desk (综治中心), which hands disputes to the people's tribunal.
MEDIATION_DESK = {
    MediationLevel.GRID: Level.GRID,
    MediationLevel.COMMUNITY: Level.COMMUNITY,
    MediationLevel.SUBDISTRICT: Level.SUBDISTRICT,
    MediationLevel.COURT: Level.SUBDISTRICT,
}


@transaction.atomic
def do_escalate_mediation(dispute: Dispute | int, *, reason: str, actor: Any) -> Dispute:
    """Climb the mediation ladder grid → community → subdistrict → court referral (诉源治理)
    on an open case, with a reason; the desk of the next level hears of it.

    The court referral is the last step: the dispute goes to the court's pre-litigation
    mediation (诉前调解) and cannot climb further. The case stays open with its handler, who
    can still record sessions (now at court level) and the agreement, and reports the result
    by handling the case as usual (or asks for a suspension 挂账 while the court works)."""
    d = _lock_dispute(dispute)
    c = lock(d.case_id)
    require_handler(actor, c)
    reason = str(reason or "").strip()
    if not reason:
        raise Invalid(_("Please give a reason."), "reason")
    if len(reason) > 2000:
        raise Invalid(_("At most %(n)d characters.") % {"n": 2000}, "reason")
    if c.status not in OPEN:
        raise Conflict(_("Only the mediation of an open case can be escalated."))
    if d.mediation_level >= MediationLevel.COURT:
        raise Conflict(_("The dispute has already been referred to court."))
    before = d.mediation_level
    d.mediation_level = before + 1
    d.save(update_fields=["mediation_level"])
    court = d.mediation_level == MediationLevel.COURT
    _log(
        c,
        d,
        "refer_to_court" if court else "escalate",
        actor,
        {"mediation_level": [before, d.mediation_level], "reason": reason},
        note=reason,
    )
    with site_language():
        title = (
            _("A dispute was referred to court (诉源治理)")
            if court
            else _("A dispute was escalated to you for mediation")
        )
        tell(
            desk_users(c.area_code, MEDIATION_DESK[MediationLevel(d.mediation_level)]),
            title,
            c,
            reason,
        )
    return d
