"""Who may do and see what in field work: the app's only rules, asking the capability matrix
(accounts.roles) through accounts.access.

Visits: recorded by whoever holds `visit_households` where the household belongs (its grid's
workers, the offices above), and by a person paired with it (a member's household link, a
care pairing with one of its residents, a grid liaison of its grid). Seen where the household
is seen (`view_registers`) and by the visit's own visitors and recorder (`visits_visible_to`).
Pairings: made and ended by `manage_pairings` on the target's area (offices, party
secretaries); seen there with `view_registers`, and by the paired person
(`pairings_visible_to`). Coverage: by `visit_households` or `view_indicators`, over the areas
where the user sees the registers.

Patrols and screening campaigns:
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

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts import access
from accounts.roles import Capability
from areas.permissions import household_code, households_q
from fieldwork.models import Campaign, CampaignHousehold, KeySpot, Patrol

C = Capability


# --- visits ------------------------------------------------------------------------------


def may_visit_anywhere(user: Any) -> bool:
    """The visit pages and their menu item: `visit_households` somewhere, or a pairing."""
    from fieldwork.models import Pairing

    if access.anywhere(user, C.VISIT_HOUSEHOLDS):
        return True
    return (
        bool(user.is_authenticated)
        and Pairing.objects.filter(person=user, ended_on__isnull=True).exists()
    )


def paired_with(user: Any, household: Any) -> bool:
    """Is `user` paired, today, with `household` (its own link, a care pairing with one of its
    residents, or the liaison of its grid)?"""
    from fieldwork.models import Pairing

    if not user.is_authenticated:
        return False
    q = Q(household=household.pk) | Q(resident__household=household.pk)
    if household.grid_id:
        q |= Q(grid=household.grid_id)
    return Pairing.objects.filter(q, person=user, ended_on__isnull=True).exists()


def may_record_visit(user: Any, household: Any) -> bool:
    return access.can(user, C.VISIT_HOUSEHOLDS, household_code(household)) or paired_with(
        user, household
    )


def visits_q(user: Any) -> Q:
    """The visits `user` sees: of the households they see, and their own."""
    from fieldwork.models import VisitVisitor

    if not user.is_authenticated:
        return Q(pk__in=[])
    own = Exists(VisitVisitor.objects.filter(visit=OuterRef("pk"), user=user.pk))
    mine = Q(recorded_by=user) | Q(own)
    return households_q(user, C.VIEW_REGISTERS, prefix="household__") | mine


def visits_visible_to(user: Any) -> QuerySet[Any]:
    from fieldwork.models import Visit

    return Visit.objects.filter(visits_q(user))


def can_view_visit(user: Any, visit: Any) -> bool:
    if not user.is_authenticated:
        return False
    if access.can(user, C.VIEW_REGISTERS, household_code(visit.household)):
        return True
    return visit.recorded_by_id == user.pk or visit.visitor_rows.filter(user=user.pk).exists()


# --- coverage ----------------------------------------------------------------------------


def may_see_coverage(user: Any) -> bool:
    return access.anywhere(user, C.VISIT_HOUSEHOLDS) or access.anywhere(user, C.VIEW_INDICATORS)


def coverage_codes(user: Any) -> list[str]:
    """The widest areas whose coverage the user sees (every area for an administrator: [""])."""
    if access.is_admin(user):
        return [""]
    if not may_see_coverage(user):
        return []
    return access.area_codes(user, C.VIEW_REGISTERS)


# --- pairings ----------------------------------------------------------------------------


def may_manage_pairings(user: Any, area_code: str) -> bool:
    return access.can(user, C.MANAGE_PAIRINGS, area_code)


def may_manage_pairings_anywhere(user: Any) -> bool:
    return access.anywhere(user, C.MANAGE_PAIRINGS)


def pairings_q(user: Any) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    return access.scope_q(user, "area_code", C.VIEW_REGISTERS) | Q(person=user.pk)


def pairings_visible_to(user: Any) -> QuerySet[Any]:
    from fieldwork.models import Pairing

    return Pairing.objects.filter(pairings_q(user))


def can_view_pairing(user: Any, pairing: Any) -> bool:
    if not user.is_authenticated:
        return False
    return pairing.person_id == user.pk or access.can(user, C.VIEW_REGISTERS, pairing.area_code)


def may_see_pairings(user: Any) -> bool:
    """The pairings page: who manages them, sees registers, or is paired."""
    from fieldwork.models import Pairing

    return (
        access.anywhere(user, C.MANAGE_PAIRINGS)
        or access.anywhere(user, C.VISIT_HOUSEHOLDS)
        or (user.is_authenticated and Pairing.objects.filter(person=user).exists())
    )


def may_see_visits(user: Any) -> bool:
    """The menu item: who records visits, sees their coverage or is paired."""
    return may_visit_anywhere(user) or may_see_coverage(user)


# --- patrols and campaigns -----------------------------------------------------------------


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
