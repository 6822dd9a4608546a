"""Field work's data: household visits (民情日记), patrols (巡查), screening campaigns (排查)
and pairings (结对). Each kind lives in its own module here."""

from fieldwork.models.pairings import Pairing, PairingKind
from fieldwork.models.visits import Visit, VisitKind, VisitVisitor

__all__ = ["Pairing", "PairingKind", "Visit", "VisitKind", "VisitVisitor"]
