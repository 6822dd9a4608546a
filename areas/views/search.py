"""The search page: residents, households and buildings in the user's areas, masked."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from areas import permissions, search
from core.http import AuthedRequest


@login_required
def search_page(request: AuthedRequest) -> HttpResponse:
    if not permissions.may_search(request.user):
        raise Http404
    raw = request.GET.get("q", "")[: search.MAX_LENGTH]
    found = search.search(request.user, raw)
    return render(
        request,
        "areas/search.html",
        {
            "found": found,
            "search_q": raw,
            "too_short": bool(raw.strip()) and len(found.q) < search.MIN_LENGTH,
            "limit": search.LIMIT,
        },
    )
