"""REST API for disputes 矛盾纠纷 under /api/v1/cases/{id}/dispute: parties, mediation sessions,
the mediation ladder and the agreement (on the cases router, with its declared errors). The
parties' phones are masked in every answer but the audited reveal's."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from cases import actions as A
from cases import selectors
from cases.api.endpoints import _case, router
from cases.api.schemas import AgreementIn, CaseReasonIn, DisputeIn, DisputeOut, MediationIn
from cases.models import Dispute
from core.refusal import NotFound
from core.schemas import ERRORS


def _dispute(request: HttpRequest, case_id: int) -> Dispute:
    case = _case(request, case_id)
    dispute = Dispute.objects.filter(case=case).first()
    if dispute is None:
        raise NotFound(_("This case has no dispute record."))
    return dispute


def _dispute_out(d: Dispute) -> dict[str, Any]:
    return selectors.dispute_out(Dispute.objects.get(pk=d.pk))


@router.post("/{case_id}/dispute", response={201: DisputeOut, **ERRORS})
def open_dispute(request: HttpRequest, case_id: int, data: DisputeIn) -> Status:
    """Record the case as a dispute with its type and parties."""
    dispute = A.do_open_dispute(
        _case(request, case_id),
        dispute_type=data.dispute_type,
        parties=[p.dict() for p in data.parties],
        actor=request.user,
    )
    return Status(201, _dispute_out(dispute))


@router.post("/{case_id}/dispute/reveal", response={200: DisputeOut, **ERRORS})
def reveal_parties(request: HttpRequest, case_id: int) -> Status:
    """The dispute with its parties' phones in full, for a role that may see personal numbers
    on the case's area (`reveal_personal`); each call is recorded in the audit log. Everyone
    else who may open the case is refused (403) and sees the phones masked elsewhere."""
    dispute = A.do_reveal_parties(_case(request, case_id), actor=request.user)
    return Status(200, selectors.dispute_out(dispute, full=True))


@router.post("/{case_id}/dispute/mediations", response={200: DisputeOut, **ERRORS})
def record_mediation(request: HttpRequest, case_id: int, data: MediationIn) -> Status:
    """Record a mediation session."""
    dispute = _dispute(request, case_id)
    A.do_record_mediation(
        dispute,
        date=data.date,
        mediators=data.mediators,
        outcome=data.outcome,
        notes=data.notes,
        actor=request.user,
    )
    return Status(200, _dispute_out(dispute))


@router.post("/{case_id}/dispute/escalate", response={200: DisputeOut, **ERRORS})
def escalate_mediation(request: HttpRequest, case_id: int, data: CaseReasonIn) -> Status:
    """Move mediation up a level (up to a court referral)."""
    dispute = A.do_escalate_mediation(
        _dispute(request, case_id), reason=data.reason, actor=request.user
    )
    return Status(200, _dispute_out(dispute))


@router.post("/{case_id}/dispute/agreement", response={200: DisputeOut, **ERRORS})
def record_agreement(request: HttpRequest, case_id: int, data: AgreementIn) -> Status:
    """Record the mediation agreement."""
    dispute = A.do_record_agreement(_dispute(request, case_id), text=data.text, actor=request.user)
    return Status(200, _dispute_out(dispute))
