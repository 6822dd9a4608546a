"""Who may see and do what on the dashboard: the app's only place for its rules, each asking
the capability matrix (accounts.access) for a capability on an area."""

from __future__ import annotations

from typing import Any

from cases.indicators import permissions as indicators

# --- The cockpit (驾驶舱) ---------------------------------------------------------------------
# Who sees an area's dashboard is who sees its case indicators: capability `view_indicators`
# (desk staff, grid heads, party secretaries) on the area's subtree. The rule lives once, in
# cases.indicators.permissions; these name it for the dashboard (the menu, pages and API).


def may_see_cockpit(user: Any, area_code: str | None = None) -> bool:
    """The dashboard anywhere (the menu item and the home line), or of the area `area_code`."""
    return indicators.may_see(user, area_code)


def cockpit_codes(user: Any) -> list[str]:
    """The widest areas whose dashboard the user opens (their own areas, highlighted)."""
    return indicators.top_codes(user)
