"""Who may see case indicators: capability `view_indicators` (desk staff, grid heads and
party secretaries), in their areas' subtrees."""

from __future__ import annotations

from typing import Any

from accounts import access
from accounts.roles import Capability


def may_see(user: Any, area_code: str | None = None) -> bool:
    """Indicators anywhere (the nav item and the page), or of the area with `area_code`."""
    if area_code is None:
        return access.anywhere(user, Capability.VIEW_INDICATORS)
    return access.can(user, Capability.VIEW_INDICATORS, area_code)


def top_codes(user: Any) -> list[str]:
    """The widest areas whose indicators the user may see (administrators aside)."""
    return access.area_codes(user, Capability.VIEW_INDICATORS)
