from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.roles import GRID_WORKERS, OFFICES, Role
from areas import selectors
from areas.models import Area, ResidentTag
from areas.my_grid import my_grid
from core.home import GROUPS, Line, lines_for
from core.http import AuthedRequest

GRID_ROLES = frozenset(GRID_WORKERS | {Role.BUILDING_HEAD})


def _area_panel(area: Area) -> dict[str, Any]:
    totals = selectors.area_totals(area)
    elderly = selectors.with_tag(selectors.residents_in(area), ResidentTag.ELDERLY_ALONE).count()
    return {"area": area, "level": selectors.level_label(area.level), "elderly": elderly, **totals}


def grouped_lines(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """The lines under the menu's headings, in the menu's order (urgent first in each)."""
    out = [(str(label), [ln for ln in lines if ln.group == key]) for key, label in GROUPS.items()]
    rest = [ln for ln in lines if ln.group not in GROUPS]
    return [(label, found) for label, found in out if found] + ([("", rest)] if rest else [])


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """What waits for the user today (every app's home lines), then a few figures of their
    areas: a panel per posting, their party organisations, their household."""
    user = request.user
    assignments = list(user.role_assignments.select_related("area").order_by("area__code"))
    labels = dict(Role.choices)
    roles = {a.role for a in assignments}
    context: dict[str, Any] = {
        "assignments": [(labels.get(a.role, a.role), a.area, a.duty) for a in assignments],
        "todo": grouped_lines(lines_for(user)),
    }
    if roles & GRID_ROLES:
        context["my_grids"] = [_area_panel(a.area) for a in assignments if a.role in GRID_ROLES]
    staff_areas = [a.area for a in assignments if a.role in OFFICES]
    if staff_areas:
        context["my_areas"] = [_area_panel(area) for area in staff_areas]
    if Role.ADMIN in roles or user.is_superuser:
        context["roots"] = list(Area.objects.filter(parent__isnull=True))
    if Role.PARTY_SECRETARY in roles:
        from party.models import PartyOrganisation
        from party.selectors import with_member_totals

        areas = [a.area for a in assignments if a.role == Role.PARTY_SECRETARY]
        context["my_orgs"] = with_member_totals(
            PartyOrganisation.objects.filter(area__in=areas)
            .select_related("area", "secretary")
            .order_by("area__code", "level")
        )
    resident = user.resident
    if resident is not None:
        household = resident.household
        context["my_household"] = household
        context["my_household_members"] = list(household.residents.order_by("-is_head", "code"))
        context["my_grid"] = my_grid(user)
    return render(request, "linli/home.html", context)
