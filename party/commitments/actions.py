"""Making, keeping and rating commitments (承诺践诺), each audited.

Outside the user's sight a commitment or organisation is a NotFound refusal; seen but not
theirs to change, Forbidden; the wrong moment (closed, not yet rateable, rated already) a
Conflict; bad input an Invalid naming its field. A refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from areas.models import Area
from core import audit, timeutil
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import move
from party import permissions
from party.commitments.models import (
    NOTE_MAX,
    TEXT_MAX,
    Commitment,
    CommitmentEvent,
    CommitmentRating,
    CommitmentStatus,
)
from party.commitments.workflow import COMMITMENTS
from party.models import PartyMember, PartyOrganisation


def _text(value: str, field: str, limit: int, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(missing, field)
    if len(value) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field)
    return value


def served_areas(organisation: PartyOrganisation, member: PartyMember | None = None) -> list[str]:
    """The codes of the subtrees a commitment may serve: the organisation's area, and for a
    member registered at home (双报到) their home community."""
    codes = [organisation.area.code]
    if member is not None and member.home_community is not None:
        codes.append(member.home_community.code)
    return codes


@transaction.atomic
def do_make_commitment(
    organisation: PartyOrganisation,
    *,
    text: str,
    area: Area,
    deadline: dt.date,
    member: PartyMember | None = None,
    actor: Any,
) -> Commitment:
    """Make a public commitment for the year of its deadline: the organisation's own (made by
    whoever edits it), or a member's (by the member, or whoever edits their organisation).
    It serves an area within the organisation's, or the member's home community; its
    deadline lies between today and the end of next year."""
    org = PartyOrganisation.objects.select_related("area").get(pk=organisation.pk)
    if member is not None:
        member = PartyMember.objects.select_related("home_community").get(pk=member.pk)
    own = member is not None and member.user_id is not None and member.user_id == actor.pk
    if not (own or permissions.may_make_commitment(actor, org)):
        raise NotFound(_("No such organisation."))
    if member is not None and member.organisation_id != org.pk:
        raise Invalid(_("The member belongs to another organisation."), "member")
    text = _text(text, "text", TEXT_MAX, _("Say what is committed."))
    today = timeutil.today()
    if deadline < today:
        raise Invalid(_("The deadline cannot be in the past."), "deadline")
    if deadline.year > today.year + 1:
        raise Invalid(_("A commitment is for this year or the next."), "deadline")
    if not any(area.code.startswith(code) for code in served_areas(org, member)):
        raise Invalid(_("The area must lie within the organisation's area."), "area")
    commitment = Commitment.objects.create(
        organisation=org,
        member=member,
        text=text,
        area=area,
        year=deadline.year,
        deadline=deadline,
        made_by=actor,
    )
    CommitmentEvent.objects.create(
        commitment=commitment, action="make", after=CommitmentStatus.MADE, actor=actor
    )
    audit.record(
        actor,
        "party.commitment.make",
        commitment,
        {
            "text": [None, text],
            "area": [None, area.code],
            "deadline": [None, deadline.isoformat()],
            "member": [None, member.name if member else None],
        },
    )
    return commitment


def _keeping(commitment: Commitment, actor: Any) -> Commitment:
    found = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("organisation__area", "member", "area")
        .get(pk=commitment.pk)
    )
    if not permissions.can_view_commitment(actor, found):
        raise NotFound(_("No such commitment."))
    if not permissions.may_keep_commitment(actor, found):
        raise Forbidden(_("Only the member who made it or the organisation keeps it."))
    return found


@transaction.atomic
def do_add_progress(commitment: Commitment, *, note: str, actor: Any) -> Commitment:
    """A progress note on an open commitment (it is then in progress)."""
    found = _keeping(commitment, actor)
    note = _text(note, "note", NOTE_MAX, _("Say what progress was made."))
    return move(found, "progress", actor, note=note, locked=True, table=COMMITMENTS)


@transaction.atomic
def do_fulfil_commitment(commitment: Commitment, *, note: str = "", actor: Any) -> Commitment:
    """Close an open commitment as fulfilled (also after its deadline)."""
    found = _keeping(commitment, actor)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Invalid(_("At most %(n)d characters.") % {"n": NOTE_MAX}, "note")
    changes = {"closed_on": timeutil.today()}
    return move(found, "fulfil", actor, changes=changes, note=note, locked=True, table=COMMITMENTS)


@transaction.atomic
def do_fail_commitment(commitment: Commitment, *, reason: str, actor: Any) -> Commitment:
    """Close an open commitment as not fulfilled, with the reason."""
    found = _keeping(commitment, actor)
    reason = _text(reason, "reason", NOTE_MAX, _("Give the reason it was not fulfilled."))
    changes = {"closed_on": timeutil.today(), "reason": reason}
    return move(found, "fail", actor, changes=changes, note=reason, locked=True, table=COMMITMENTS)


def rateable(commitment: Commitment, today: dt.date | None = None) -> bool:
    """A commitment is rated once it is closed or its deadline has passed (Asia/Shanghai)."""
    today = today or timeutil.today()
    return not commitment.is_open or commitment.deadline < today


@transaction.atomic
def do_rate_commitment(
    commitment: Commitment, *, stars: int, comment: str = "", actor: Any
) -> CommitmentRating:
    """A resident living in the area a commitment serves rates it, one to five stars, once,
    after it is closed or its deadline has passed; the member who made it does not."""
    found = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("organisation__area", "member", "area")
        .get(pk=commitment.pk)
    )
    if not permissions.can_view_commitment(actor, found):
        raise NotFound(_("No such commitment."))
    resident = permissions.rater_for(actor, found)
    if resident is None:
        raise Forbidden(_("Only residents of the area it serves rate a commitment."))
    if not rateable(found):
        raise Conflict(_("A commitment is rated once it is closed or its deadline has passed."))
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise Invalid(_("Give one to five stars."), "stars")
    comment = (comment or "").strip()
    if len(comment) > 200:
        raise Invalid(_("At most %(n)d characters.") % {"n": 200}, "comment")
    if CommitmentRating.objects.filter(commitment=found, resident=resident).exists():
        raise Conflict(_("You have rated this commitment already."))
    try:
        with transaction.atomic():
            rating = CommitmentRating.objects.create(
                commitment=found, resident=resident, stars=stars, comment=comment
            )
    except IntegrityError:
        raise Conflict(_("You have rated this commitment already.")) from None
    audit.record(
        actor, "party.commitment.rate", found, {"stars": [None, stars], "comment": [None, comment]}
    )
    return rating
