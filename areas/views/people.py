"""The resident info card and the audited reveal of personal numbers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from areas import actions, permissions, selectors
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal


@login_required
def resident(request: AuthedRequest, code: str) -> HttpResponse:
    person = selectors.get_resident(request.user, code)
    household = person.household
    area_code = selectors.household_area_code(household)
    return render(
        request,
        "areas/resident.html",
        {
            "person": person,
            "household": household,
            "crumbs": selectors.breadcrumbs(
                request.user, household.grid or household.building.community
            ),
            "age": selectors.age(person.birth_date),
            "can_reveal": permissions.may(request.user, Capability.REVEAL_PERSONAL, area_code),
            "can_edit": permissions.may(request.user, Capability.EDIT_REGISTERS, area_code),
            "revealed": None,
        },
    )


@login_required
@require_POST
def reveal(request: AuthedRequest, code: str) -> HttpResponse:
    """Full phone and ID number for a role with `reveal_personal`; an audit entry per view."""
    person = selectors.get_resident(request.user, code)
    try:
        revealed = actions.do_reveal_personal(person, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)  # a 404 refusal: the page's 404
        revealed = None
    return render(
        request,
        "areas/_personal.html",
        {"person": person, "revealed": revealed, "can_reveal": True},
    )
