"""Field work's data: household visits (民情日记), patrols (巡查), screening campaigns (排查)
and pairings (结对). Each kind lives in its own module here."""

from fieldwork.models.campaigns import (
    SETTLED,
    Campaign,
    CampaignHousehold,
    CampaignKind,
    Outcome,
)
from fieldwork.models.patrols import CheckIn, KeySpot, Patrol, PatrolStatus, TrackPoint

__all__ = [
    "SETTLED",
    "Campaign",
    "CampaignHousehold",
    "CampaignKind",
    "CheckIn",
    "KeySpot",
    "Outcome",
    "Patrol",
    "PatrolStatus",
    "TrackPoint",
]
