"""The dashboard's home line: an office user's open cases, linked to their dashboard (whose
"open cases" tile counts the same cases: `figures.view`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import ngettext

from cases.models import Case
from cases.workflow import OPEN
from core.home import Line
from dashboard import permissions


def home_lines(user: Any) -> list[Line]:
    codes = permissions.cockpit_codes(user)
    if not codes:
        return []
    code = codes[0]
    n = Case.objects.filter(area_code__startswith=code, status__in=OPEN).count()
    label = ngettext("%(n)d open case: the dashboard", "%(n)d open cases: the dashboard", n) % {
        "n": n
    }
    return [
        Line("dashboard.open", label, n, f"{reverse('dashboard:cockpit')}?area={code}", "figures")
    ]
