"""Field work's status tables (`core.workflow`).

A patrol runs until its walker ends it. A campaign household starts pending; a worker at the
door records it reached (with the answers), not at home (it may be tried again), refused or
vacant; the last three settle it. Each record is audited ("fieldwork.campaign_household.<action>");
the household's row keeps the last answers, the number of attempts and who recorded it."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from core.workflow import Table
from fieldwork.models import Outcome as O
from fieldwork.models import PatrolStatus as P

PATROLS = Table.by_action(
    "fieldwork.patrol",
    P,
    {"end": ((P.RUNNING,), P.ENDED)},
    labels={"end": pgettext_lazy("patrol", "End the patrol")},
    audit="fieldwork.patrol.{action}",
)

OPEN = (O.PENDING, O.NOT_HOME)
CAMPAIGN_HOUSEHOLDS = Table.by_action(
    "fieldwork.campaignhousehold",
    O,
    {
        "reach": (OPEN, O.REACHED),
        "away": (OPEN, O.NOT_HOME),
        "refuse": (OPEN, O.REFUSED),
        "vacant": (OPEN, O.VACANT),
    },
    labels={
        "reach": pgettext_lazy("campaign", "Reached"),
        "away": pgettext_lazy("campaign", "Not at home"),
        "refuse": pgettext_lazy("campaign", "Refused"),
        "vacant": pgettext_lazy("campaign", "Vacant"),
    },
    audit="fieldwork.campaign_household.{action}",
    status_field="outcome",
)

# The outcome a worker records → the table's action.
ACTION_OF = {O.REACHED: "reach", O.NOT_HOME: "away", O.REFUSED: "refuse", O.VACANT: "vacant"}
