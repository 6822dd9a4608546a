from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import access
from accounts.roles import Capability
from areas.models import Area


@login_required
def browse(request: HttpRequest) -> HttpResponse:
    """The top areas the user reaches."""
    codes = access.area_codes(request.user, Capability.VIEW_REGISTERS)
    if access.is_admin(request.user):
        roots = Area.objects.filter(parent__isnull=True)
    else:
        roots = Area.objects.filter(code__in=codes)
    return render(request, "areas/browse.html", {"roots": roots})
