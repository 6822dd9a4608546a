from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.roles import GRID_WORKERS, OFFICES, Role
from areas import selectors
from areas.models import Area, ResidentTag
from core.http import AuthedRequest

GRID_ROLES = frozenset(GRID_WORKERS | {Role.BUILDING_HEAD})


def _area_panel(area: Area) -> dict[str, Any]:
    totals = selectors.area_totals(area)
    elderly = selectors.with_tag(selectors.residents_in(area), ResidentTag.ELDERLY_ALONE).count()
    return {"area": area, "level": selectors.level_label(area.level), "elderly": elderly, **totals}


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """A home page per role: a panel for each kind of role the user holds, then the nav tiles."""
    user = request.user
    assignments = list(user.role_assignments.select_related("area").order_by("area__code"))
    labels = dict(Role.choices)
    roles = {a.role for a in assignments}
    context: dict[str, Any] = {
        "assignments": [(labels.get(a.role, a.role), a.area, a.duty) for a in assignments],
    }
    if roles & GRID_ROLES:
        context["my_grids"] = [_area_panel(a.area) for a in assignments if a.role in GRID_ROLES]
    staff_areas = [a.area for a in assignments if a.role in OFFICES]
    if staff_areas:
        context["my_areas"] = [_area_panel(area) for area in staff_areas]
    if Role.ADMIN in roles or user.is_superuser:
        context["roots"] = list(Area.objects.filter(parent__isnull=True))
    if Role.PARTY_SECRETARY in roles:
        from party.life.selectors import due_now
        from party.models import PartyOrganisation
        from party.selectors import with_member_totals

        areas = [a.area for a in assignments if a.role == Role.PARTY_SECRETARY]
        context["my_orgs"] = with_member_totals(
            PartyOrganisation.objects.filter(area__in=areas)
            .select_related("area", "secretary")
            .order_by("area__code", "level")
        )
        context["meetings_due"] = len(due_now(context["my_orgs"]))
    if roles & (OFFICES | {Role.PARTY_SECRETARY}):
        from party.stars import selectors as stars

        context["stars_due"] = len(stars.due(user))
        context["stars_to_review"] = len(stars.to_review(user))
    from party.commitments.selectors import home as commitment_lines

    context.update(commitment_lines(user, context.get("my_orgs") or ()))
    resident = user.resident
    if resident is not None:
        household = resident.household
        context["my_household"] = household
        context["my_household_members"] = list(household.residents.order_by("-is_head", "code"))
    return render(request, "linli/home.html", context)
