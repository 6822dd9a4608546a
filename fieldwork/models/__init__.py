"""Field work's data: household visits (民情日记), patrols (巡查), screening campaigns (排查)
and pairings (结对). Each kind lives in its own module here."""

from fieldwork.models.campaigns import (
    SETTLED,
    Campaign,
    CampaignHousehold,
    CampaignKind,
    Outcome,
)
from fieldwork.models.pairings import Pairing, PairingKind
from fieldwork.models.patrols import CheckIn, KeySpot, Patrol, PatrolStatus, TrackPoint
from fieldwork.models.visits import Visit, VisitKind, VisitVisitor

__all__ = [
    "SETTLED",
    "Campaign",
    "CampaignHousehold",
    "CampaignKind",
    "CheckIn",
    "KeySpot",
    "Outcome",
    "Pairing",
    "PairingKind",
    "Patrol",
    "PatrolStatus",
    "TrackPoint",
    "Visit",
    "VisitKind",
    "VisitVisitor",
]
