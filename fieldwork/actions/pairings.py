"""Making and ending pairings (党员联户, 结对帮扶, 包联网格), each audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment, User
from accounts.roles import OFFICES, Role
from areas.models import Area, Household, Resident, grid_levels
from areas.permissions import household_code
from core import audit, timeutil
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from fieldwork import permissions
from fieldwork.models import Pairing, PairingKind
from fieldwork.models.pairings import DEFAULT_HOUSEHOLD_LIMIT
from fieldwork.selectors.pairings import SPECIAL_TAGS, is_special

# Roles that make a user a cadre (干部): anyone working for an office, a grid or the party.
NOT_CADRES = frozenset({Role.RESIDENT, Role.VOLUNTEER})


def household_limit() -> int:
    """How many households one member or cadre may be linked to (1名党员联系不少于…100户)."""
    return int(getattr(settings, "LINLI_HOUSEHOLD_LINK_LIMIT", DEFAULT_HOUSEHOLD_LIMIT))


def _roles(user: User) -> list[tuple[str, str]]:
    return list(RoleAssignment.objects.filter(user=user).values_list("role", "area__code"))


def _is_member(user: User) -> bool:
    return hasattr(user, "party_member") and user.party_member is not None


def _check_person(kind: str, person: User, area_code: str) -> None:
    roles = _roles(person)
    cadre = any(role not in NOT_CADRES for role, _code in roles)
    if kind == PairingKind.GRID_LIAISON:
        if not any(role in OFFICES and area_code.startswith(code) for role, code in roles):
            raise Invalid(_("A grid liaison is a leader of an office above the grid."), "person")
    elif not (cadre or _is_member(person)):
        raise Invalid(_("Only a party member or a cadre can be paired."), "person")


def _target(kind: str, target: Any) -> tuple[dict[str, Any], str]:
    """The pairing's target field and the area it belongs to, or Invalid."""
    if kind == PairingKind.HOUSEHOLD_LINK:
        if not isinstance(target, Household):
            raise Invalid(_("Choose a household."), "household")
        household = Household.objects.select_related("grid", "building__community").get(
            pk=target.pk
        )
        return {"household": household}, household_code(household)
    if kind == PairingKind.CARE:
        if not isinstance(target, Resident):
            raise Invalid(_("Choose a resident."), "resident")
        resident = Resident.objects.select_related(
            "household__grid", "household__building__community"
        ).get(pk=target.pk)
        if not is_special(resident.tags):
            raise Invalid(_("A care pairing is for a resident of a special group."), "resident")
        return {"resident": resident}, household_code(resident.household)
    if kind == PairingKind.GRID_LIAISON:
        if not isinstance(target, Area) or target.level not in grid_levels():
            raise Invalid(_("Choose a grid."), "grid")
        return {"grid": target}, target.code
    raise Invalid(_("Choose the kind of pairing."), "kind")


@transaction.atomic
def do_pair(
    kind: str,
    *,
    person: User,
    target: Any,
    actor: Any,
    started_on: dt.date | None = None,
) -> Pairing:
    """Pair `person` with `target` (a household, a special-group resident or a grid).

    Rules: made by whoever holds `manage_pairings` on the target's area (else NotFound); the
    person a party member or cadre (a grid liaison: a leader of an office above the grid);
    a care pairing only for a resident of a special group; one active pairing per person and
    target (Conflict); a member links at most `LINLI_HOUSEHOLD_LINK_LIMIT` households (100 by
    default; Conflict beyond). The person's row is locked while counting, so two offices
    linking the same member at once cannot pass the limit together."""
    fields, code = _target(kind, target)
    if not permissions.may_manage_pairings(actor, code):
        raise NotFound(_("No such household or grid."))
    person = User.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        raise Invalid(_("This account is closed."), "person")
    _check_person(kind, person, code)
    if kind == PairingKind.HOUSEHOLD_LINK:
        limit = household_limit()
        held = Pairing.objects.filter(
            person=person, kind=PairingKind.HOUSEHOLD_LINK, ended_on__isnull=True
        ).count()
        if held >= limit:
            raise Conflict(
                _("%(name)s already looks after %(n)d households, the most one may.")
                % {"name": person.name, "n": limit},
                "person",
            )
    day = started_on or timeutil.today()
    try:
        with transaction.atomic():
            pairing = Pairing.objects.create(
                kind=kind,
                person=person,
                area_code=code,
                started_on=day,
                created_by=actor,
                **fields,
            )
    except IntegrityError:
        raise Conflict(_("They are already paired."), "person") from None
    audit.record(
        actor,
        "fieldwork.pairing.make",
        pairing,
        {"kind": kind, "person": person.name, "target": str(pairing.target)},
        area_code=code,
    )
    return pairing


@transaction.atomic
def do_end_pairing(pairing: Pairing, *, actor: Any) -> Pairing:
    """End a pairing today (whoever manages pairings on its area; NotFound to others who do
    not see it, Forbidden to those who do; Conflict if it has ended)."""
    locked = Pairing.objects.select_for_update().filter(pk=pairing.pk).first()
    if locked is None or not permissions.can_view_pairing(actor, locked):
        raise NotFound(_("No such pairing."))
    if not permissions.may_manage_pairings(actor, locked.area_code):
        raise Forbidden(_("You do not manage this pairing."))
    if locked.ended_on is not None:
        raise Conflict(_("This pairing has ended."))
    locked.ended_on = timeutil.today()
    locked.save(update_fields=["ended_on"])
    audit.record(actor, "fieldwork.pairing.end", locked, {"ended_on": locked.ended_on})
    return locked


__all__ = ["SPECIAL_TAGS", "do_end_pairing", "do_pair", "household_limit"]
