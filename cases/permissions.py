"""Who may do what to a case. Built on accounts.access: roles act in their area's subtree."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import access
from accounts.roles import GRID_WORKERS, Role
from cases.errors import CaseForbidden, CaseNotFound
from cases.workflow import code_length

# Intake, dispatch, verification and closing (受理、派遣、核查、结案).
DESK_ROLES = frozenset(
    {
        Role.COMMUNITY_STAFF,
        Role.SUBDISTRICT_STAFF,
        Role.DISTRICT_STAFF,
        Role.ADMIN,
        Role.GRID_HEAD,
    }
)
# Who may handle dispatched work.
HANDLER_ROLES = frozenset(GRID_WORKERS | DESK_ROLES | {Role.DEPARTMENT_HANDLER})
# Who may see every case in their area.
VIEW_ROLES = HANDLER_ROLES | {Role.PARTY_SECRETARY}


def visible_q(user: Any, prefix: str = "") -> Q:
    """Cases the user may see: the area scope, plus their own and the ones they follow."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    q = access.scope_q(user, f"{prefix}area_code", roles=VIEW_ROLES)
    q |= Q(**{f"{prefix}reporter": user}) | Q(**{f"{prefix}handler": user})
    from cases.models import Supporter

    q |= Q(**{f"{prefix}pk__in": Supporter.objects.filter(user=user).values("case_id")})
    return q


def can_view(user: Any, case: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if case.reporter_id == user.pk or case.handler_id == user.pk:
        return True
    if access.can(user, None, case.area_code, roles=VIEW_ROLES):
        return True
    return case.supporters.filter(user=user).exists()


def is_desk(user: Any, case: Any) -> bool:
    return access.can(user, None, case.area_code, roles=DESK_ROLES)


def can_handle(user: Any, case: Any) -> bool:
    return case.handler_id == user.pk or access.can(
        user, None, case.area_code, roles=DESK_ROLES | GRID_WORKERS
    )


def acts_above(user: Any, case: Any, level: int) -> bool:
    """Does the user hold a desk role on the case's area at `level` or higher?"""
    if access.is_admin(user):
        return True
    limit = code_length(min(level, 3))
    return any(
        case.area_code.startswith(code) and len(code) <= limit
        for code in access.area_codes(user, roles=DESK_ROLES)
    )


def require_view(user: Any, case: Any) -> None:
    if not can_view(user, case):
        raise CaseNotFound(_("No such case."))


def require_desk(user: Any, case: Any) -> None:
    require_view(user, case)
    if not is_desk(user, case):
        raise CaseForbidden(_("Only staff responsible for this area may do this."))


def require_handler(user: Any, case: Any) -> None:
    require_view(user, case)
    if not can_handle(user, case):
        raise CaseForbidden(_("Only the assigned handler or staff of this area may do this."))


def is_handler_for(user: Any, area_code: str) -> bool:
    return access.can(user, None, area_code, roles=HANDLER_ROLES)
