"""What the pairing pages and the API name by code: the person by their account's phone, the
target (a household, a resident, a grid) by its code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from areas.models import Area, Household, Resident
from core.refusal import Invalid
from fieldwork.models import PairingKind

MODELS: dict[str, Any] = {
    PairingKind.HOUSEHOLD_LINK: Household,
    PairingKind.CARE: Resident,
    PairingKind.GRID_LIAISON: Area,
}


def target_of(kind: str, code: str) -> Any:
    """The household, resident or grid a pairing names by its code (Invalid if none)."""
    model = MODELS.get(kind)
    if model is None:
        raise Invalid(_("Choose the kind of pairing."), "kind")
    found = model.objects.filter(code=(code or "").strip()).first()
    if found is None:
        raise Invalid(_("No such household, resident or grid."), "target")
    return found


def person_of(phone: str) -> User:
    person = User.objects.filter(phone=(phone or "").strip()).first()
    if person is None:
        raise Invalid(_("No account with this phone number."), "person")
    return person
