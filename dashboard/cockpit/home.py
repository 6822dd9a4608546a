"""The dashboard's home line: an office user's open cases, linked to their dashboard (whose
"open cases" tile counts the same cases: `figures.view`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import ngettext

from core.home import Line
from dashboard import permissions
from dashboard.cockpit.figures import open_counts


def home_lines(user: Any) -> list[Line]:
    codes = permissions.cockpit_codes(user)
    if not codes:
        return []
    code = codes[0]
    n = sum(open_counts(code, len(code)).values())
    label = ngettext("%(n)d open case: the dashboard", "%(n)d open cases: the dashboard", n) % {
        "n": n
    }
    return [
        Line("dashboard.open", label, n, f"{reverse('dashboard:cockpit')}?area={code}", "figures")
    ]
