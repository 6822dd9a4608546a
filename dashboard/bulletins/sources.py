"""What published results show besides the bulletins: the party's commitments serving the
area (承诺践诺, `party.commitments`) and the consultations' decisions.

Consultations (议事) are being built in `volunteering.consultation`; until they are, the
decisions section is empty. The seam is one function, looked up by name when asked for:
`volunteering.consultation.selectors.public_decisions(area, since)` answering the decisions of
meetings held in `area`'s subtree since `since` (a date), each with `subject`, `decision` and
`held_on` (attributes or keys), nothing personal (no attendees' names). Anything else —
the module missing, or the function — leaves the section empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

from areas.models import Area
from party.models import Commitment

DECISIONS = "volunteering.consultation.selectors.public_decisions"
SHOWN = 10


@dataclass(frozen=True)
class Decision:
    subject: str
    decision: str
    held_on: dt.date | None


def commitments(area: Area, since: dt.date) -> list[Commitment]:
    """Commitments serving the area or a part of it, due since `since`: what was committed,
    by which organisation (a member's is shown under the organisation, never by name), and
    where it stands."""
    return list(
        Commitment.objects.filter(area__code__startswith=area.code, deadline__gte=since)
        .select_related("organisation")
        .order_by("-deadline", "pk")[:SHOWN]
    )


def _read(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def decisions(area: Area, since: dt.date) -> list[Decision]:
    """The consultations' decisions in the area since `since`, if consultations exist."""
    try:
        public_decisions = import_string(DECISIONS)
    except ImportError:
        return []
    return [
        Decision(
            str(_read(item, "subject") or ""),
            str(_read(item, "decision") or ""),
            _read(item, "held_on"),
        )
        for item in list(public_decisions(area, since))[:SHOWN]
    ]
