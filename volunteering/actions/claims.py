"""双向领办与评价: claiming a need or a project for a partner unit or an in-service member,
reporting the delivery, the community's rating (or sending it back), residents' ratings.

Outside the user's reach an item or a claim is a NotFound refusal; seen but not theirs to act
on, Forbidden; the wrong moment (claimed by another already, not delivered yet, rated
already) a Conflict; bad input an Invalid naming its field. A refusal stores nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import audit
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.timeutil import now
from core.workflow import move
from party.models import PartnerUnit, PartyMember
from volunteering import permissions
from volunteering.models import (
    Claim,
    ClaimEvent,
    ClaimRating,
    ClaimStatus,
    Need,
    Project,
    ProjectStatus,
)
from volunteering.models.claims import COMMENT_MAX, HOLDING, PLAN_MAX, REPORT_MAX
from volunteering.workflow import CLAIMS

CLAIMABLE_PROJECTS = (ProjectStatus.MATCHED, ProjectStatus.IN_PROGRESS)


def _text(value: str | None, field: str, limit: int, missing: str = "") -> str:
    value = (value or "").strip()
    if missing and not value:
        raise Invalid(missing, field)
    if len(value) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field)
    return value


def _stars(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise Invalid(_("Give one to five stars."), field)
    return value


@transaction.atomic
def do_claim(
    *,
    need: Need | None = None,
    project: Project | None = None,
    member: PartyMember | None = None,
    partner_unit: PartnerUnit | None = None,
    plan: str = "",
    actor: Any,
) -> Claim:
    """领办: claim an open need, or a project under way, for a partner unit serving its
    community or an in-service member registered there (双报到). The item is locked first,
    so of two claimants the first wins and the second is refused (Conflict)."""
    if (need is None) == (project is None):
        raise Invalid(_("Claim one need or one project."), "need")
    if (member is None) == (partner_unit is None):
        raise Invalid(_("Claim for one partner unit or as one member."), "partner_unit")
    if need is not None:
        item: Need | Project = (
            Need.objects.select_for_update().select_related("community").get(pk=need.pk)
        )
    else:
        assert project is not None
        item = Project.objects.select_for_update().select_related("community").get(pk=project.pk)
    community = item.community
    own, units = permissions.claimants_for(actor, community)
    staff = permissions.is_staff_for(actor, community.code)
    if not (staff or own is not None or units):
        raise NotFound(_("Not found."))
    if partner_unit is not None and partner_unit.pk not in {u.pk for u in units}:
        raise Forbidden(_("You may not claim for this partner unit."), "partner_unit")
    if member is not None:
        member = PartyMember.objects.get(pk=member.pk)
        registered = member.in_service and member.home_community_id == community.pk
        if not registered:
            raise Invalid(
                _("Only an in-service member registered with this community claims."), "member"
            )
        if not (staff or (own is not None and own.pk == member.pk)):
            raise Forbidden(_("You may claim only as yourself."), "member")
    plan = _text(plan, "plan", PLAN_MAX, _("Say what you will do."))
    if isinstance(item, Need):
        move(item, "claim", actor, locked=True)  # an open need only: else a Conflict
    else:
        if item.status not in CLAIMABLE_PROJECTS:
            raise Conflict(_("This project is not under way."), "project")
        if item.claims.filter(status__in=HOLDING).exists():
            raise Conflict(_("Someone has claimed this project already."), "project")
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                community=community,
                need=item if isinstance(item, Need) else None,
                project=item if isinstance(item, Project) else None,
                member=member,
                partner_unit=partner_unit,
                plan=plan,
                claimed_by=actor,
            )
    except IntegrityError:
        raise Conflict(_("Someone has claimed this already.")) from None
    ClaimEvent.objects.create(
        claim=claim, event="claim", to_status=claim.status, actor=actor, note=plan
    )
    audit.record(
        actor,
        "volunteering.claim.claim",
        claim,
        {
            "item": [None, f"{claim.item_kind}:{item.pk}"],
            "claimant": [None, claim.claimant],
            "plan": [None, plan],
        },
    )
    return claim


def _locked(claim: Claim, actor: Any) -> Claim:
    found = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("community", "member", "partner_unit")
        .get(pk=claim.pk)
    )
    if not permissions.can_view_claim(actor, found):
        raise NotFound(_("Not found."))
    return found


@transaction.atomic
def do_report_delivery(claim: Claim, *, report: str, actor: Any) -> Claim:
    """The claimant (or the community's staff for them) reports what was delivered."""
    found = _locked(claim, actor)
    if not permissions.may_deliver(actor, found):
        raise Forbidden(_("Only the claimant reports the delivery."))
    report = _text(report, "report", REPORT_MAX, _("Say what was delivered."))
    return move(
        found,
        "deliver",
        actor,
        changes={"report": report, "delivered_at": now()},
        note=report,
        locked=True,
        table=CLAIMS,
    )


@transaction.atomic
def do_withdraw_claim(claim: Claim, *, note: str = "", actor: Any) -> Claim:
    """The claimant gives the item back before delivering; a need is open again."""
    found = _locked(claim, actor)
    if not permissions.may_deliver(actor, found):
        raise Forbidden(_("Only the claimant withdraws the claim."))
    note = _text(note, "note", COMMENT_MAX)
    move(found, "withdraw", actor, note=note, locked=True, table=CLAIMS)
    if found.need_id:
        move(Need.objects.select_for_update().get(pk=found.need_id), "reopen", actor, locked=True)
    return found


def _rating(claim: Claim, actor: Any) -> Claim:
    found = _locked(claim, actor)
    if not permissions.may_rate_claim(actor, found):
        raise Forbidden(_("The community's staff rate a delivery, not its claimant."))
    return found


@transaction.atomic
def do_rate_delivery(claim: Claim, *, score: Any, comment: str = "", actor: Any) -> Claim:
    """评价: the community rates a delivered claim, one to five; its need is then met."""
    found = _rating(claim, actor)
    score = _stars(score, "score")
    comment = _text(comment, "comment", COMMENT_MAX)
    move(
        found,
        "rate",
        actor,
        changes={"score": score, "comment": comment, "rated_by": actor, "rated_at": now()},
        note=comment,
        audit_changes={"score": [None, score], "comment": [None, comment]},
        locked=True,
        table=CLAIMS,
    )
    if found.need_id:
        move(Need.objects.select_for_update().get(pk=found.need_id), "meet", actor, locked=True)
    return found


@transaction.atomic
def do_send_back_claim(claim: Claim, *, note: str, actor: Any) -> Claim:
    """The community asks the claimant for more before it rates (the claim is open again)."""
    found = _rating(claim, actor)
    note = _text(note, "note", COMMENT_MAX, _("Say what is missing."))
    return move(found, "send_back", actor, note=note, locked=True, table=CLAIMS)


@transaction.atomic
def do_rate_claim_as_resident(
    claim: Claim, *, stars: Any, comment: str = "", actor: Any
) -> ClaimRating:
    """A resident living in the claim's community rates its delivery once, one to five."""
    found = _locked(claim, actor)
    resident = permissions.resident_rater_for(actor, found)
    if resident is None:
        raise Forbidden(_("Only residents of the community rate a delivery."))
    if found.status not in (ClaimStatus.DELIVERED, ClaimStatus.RATED):
        raise Conflict(_("A claim is rated once it is delivered."))
    stars = _stars(stars, "stars")
    comment = _text(comment, "comment", COMMENT_MAX)
    if ClaimRating.objects.filter(claim=found, resident=resident).exists():
        raise Conflict(_("You have rated this already."))
    try:
        with transaction.atomic():
            rating = ClaimRating.objects.create(
                claim=found, resident=resident, stars=stars, comment=comment
            )
    except IntegrityError:
        raise Conflict(_("You have rated this already.")) from None
    audit.record(
        actor,
        "volunteering.claim.resident_rate",
        found,
        {"stars": [None, stars], "comment": [None, comment]},
    )
    return rating
