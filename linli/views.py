from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A home page per role: the user's roles and areas, and the entries of their apps."""
    user = request.user
    assignments = list(user.role_assignments.select_related("area").order_by("area__code"))  # type: ignore[union-attr]
    labels = dict(Role.choices)
    return render(
        request,
        "linli/home.html",
        {
            "assignments": [(labels.get(a.role, a.role), a.area, a.duty) for a in assignments],
        },
    )
