from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import access
from accounts.roles import Capability
from party.models import PartyOrganisation


@login_required
def index(request: HttpRequest) -> HttpResponse:
    orgs = PartyOrganisation.objects.filter(
        access.scope_q(request.user, "area__code", Capability.VIEW_PARTY)
    ).select_related("area")[:200]
    return render(request, "party/index.html", {"organisations": orgs})
