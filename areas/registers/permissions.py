"""Who may import and export which register, and see which import jobs: the registers'
only rules, asking the capability matrix (accounts.roles) through accounts.access. Each
register names the capabilities it needs (`Spec.view_capability`, `edit_capability`)."""

from __future__ import annotations

from typing import Any

from accounts import access
from accounts.roles import Capability


def may_use(user: Any) -> bool:
    """The registers page and its nav item: `view_registers` somewhere."""
    return access.anywhere(user, Capability.VIEW_REGISTERS)


def reaches(user: Any, capability: str) -> bool:
    """Does the user hold `capability` somewhere (a register's view or edit capability)?"""
    return access.anywhere(user, capability)


def may_write(user: Any, capability: str, area_code: str) -> bool:
    """May an import write a row on the area with `area_code`?"""
    return access.can(user, capability, area_code)


def sees_every_job(user: Any) -> bool:
    """Import jobs: one's own; every job for an administrator."""
    return access.is_admin(user)
