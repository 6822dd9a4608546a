"""Who may do and see what in field work, asking the one capability matrix (accounts.roles).

- `patrol` (grid workers): walk patrols on the grids they hold it on, check in at key spots,
  record campaign households of those grids;
- `run_fieldwork` (the offices): launch screening campaigns on their area and follow its
  patrols and campaigns;
- key spots are a register: seen with `view_registers`, kept with `edit_registers`.

A patrol is seen by its walker and by `run_fieldwork` on its grid; a campaign by
`run_fieldwork` on its area and by grid workers of a grid it covers; a campaign household by
its worker and by `patrol` or `run_fieldwork` on its grid. What one may not see is a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts import access
from accounts.roles import Capability as C
from fieldwork.models import Campaign, CampaignHousehold, KeySpot, Patrol


def may_walk(user: Any) -> bool:
    """Does the user walk patrols somewhere (the navigation's patrol entry)?"""
    return access.holds(user, C.PATROL)


def may_walk_on(user: Any, grid_code: str) -> bool:
    return access.can(user, C.PATROL, grid_code)


def may_follow(user: Any) -> bool:
    """Does the user follow field work (an office), or walk it (a grid worker)?"""
    return access.anywhere(user, C.RUN_FIELDWORK) or may_walk(user)


def may_run_campaign(user: Any, area_code: str) -> bool:
    return access.can(user, C.RUN_FIELDWORK, area_code)


def may_launch_somewhere(user: Any) -> bool:
    return access.anywhere(user, C.RUN_FIELDWORK)


# -- patrols ---------------------------------------------------------------------------------


def patrols_q(user: Any) -> Q:
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return Q(walker=user) | access.scope_q(user, "grid__code", C.RUN_FIELDWORK)


def patrols_visible_to(user: Any) -> QuerySet[Patrol]:
    return Patrol.objects.filter(patrols_q(user))


def can_view_patrol(user: Any, patrol: Patrol) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return patrol.walker_id == user.pk or access.can(user, C.RUN_FIELDWORK, patrol.grid.code)


# -- key spots -------------------------------------------------------------------------------


def key_spots_q(user: Any) -> Q:
    return access.scope_q(user, "grid__code", C.VIEW_REGISTERS)


def key_spots_visible_to(user: Any) -> QuerySet[KeySpot]:
    return KeySpot.objects.filter(key_spots_q(user))


def can_view_key_spot(user: Any, spot: KeySpot) -> bool:
    return access.can(user, C.VIEW_REGISTERS, spot.grid.code)


# -- campaigns -------------------------------------------------------------------------------


def _prefixes(code: str) -> list[str]:
    return [code[:n] for n in range(1, len(code) + 1)]


def campaigns_q(user: Any) -> Q:
    """Run on one's area (`run_fieldwork` on an area containing the campaign's), or covering
    a grid one walks (the campaign's area contains, or lies within, a `patrol` area)."""
    if access.is_admin(user):
        return ~Q(pk__in=[])
    q = access.scope_q(user, "area__code", C.RUN_FIELDWORK) | access.scope_q(
        user, "area__code", C.PATROL
    )
    walked = access.area_codes(user, C.PATROL)
    if walked:
        q |= Q(area__code__in=[p for code in walked for p in _prefixes(code)])
    return q


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.filter(campaigns_q(user))


def can_view_campaign(user: Any, campaign: Campaign) -> bool:
    code = campaign.area.code
    if access.can(user, C.RUN_FIELDWORK, code) or access.can(user, C.PATROL, code):
        return True
    return any(walked.startswith(code) for walked in access.area_codes(user, C.PATROL))


def campaign_households_q(user: Any) -> Q:
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return (
        Q(worker=user)
        | access.scope_q(user, "grid__code", C.PATROL)
        | access.scope_q(user, "grid__code", C.RUN_FIELDWORK)
    )


def campaign_households_visible_to(user: Any) -> QuerySet[CampaignHousehold]:
    return CampaignHousehold.objects.filter(campaign_households_q(user))


def can_view_campaign_household(user: Any, row: CampaignHousehold) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return row.worker_id == user.pk or may_record_household(user, row)


def may_record_household(user: Any, row: CampaignHousehold) -> bool:
    """Its worker, any worker of its grid (one stands in for another), or the office."""
    code = row.grid.code
    return (
        row.worker_id == user.pk
        or access.can(user, C.PATROL, code)
        or access.can(user, C.RUN_FIELDWORK, code)
    )
