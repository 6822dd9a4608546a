"""What published results show besides the bulletins: the party's commitments serving the
area (承诺践诺, `party.commitments`) and the consultations' decisions.

The decisions come from `volunteering.consultation.selectors.published_decisions`: topics
decided at a published meeting of the area's communities (the 公开栏's own list), with how
many of their follow-ups are done. A topic carries no proposer, supporter or voter, a
follow-up no phone: nothing personal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from areas.models import Area
from party.models import Commitment, ItemStatus
from volunteering.consultation.selectors import published_decisions

SHOWN = 10


@dataclass(frozen=True)
class Decision:
    subject: str
    decision: str
    held_on: dt.date | None
    follow_ups: int = 0
    done: int = 0


def commitments(area: Area, since: dt.date) -> list[Commitment]:
    """Commitments serving the area or a part of it, due since `since`: what was committed,
    by which organisation (a member's is shown under the organisation, never by name), and
    where it stands."""
    return list(
        Commitment.objects.filter(area__code__startswith=area.code, deadline__gte=since)
        .select_related("organisation")
        .order_by("-deadline", "pk")[:SHOWN]
    )


def decisions(area: Area, since: dt.date) -> list[Decision]:
    """The consultations' decisions in the area at meetings held since `since`, newest first,
    with their follow-ups done of all."""
    topics = published_decisions([area.code]).filter(meeting__held_on__gte=since)[:SHOWN]
    return [
        Decision(
            t.title,
            t.decision,
            t.meeting.held_on if t.meeting else t.decided_on,
            follow_ups=len(t.follow_ups.all()),
            done=sum(1 for f in t.follow_ups.all() if f.status == ItemStatus.DONE),
        )
        for t in topics
    ]
