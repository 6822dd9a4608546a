"""Who may see and do what with a case: the cases app's only rules, asking the capability
matrix (accounts.roles) through accounts.access. Roles act in their area's subtree.

- see: `visible` (the queryset rule) and `can_view` (the same rule for one case; a property
  test proves they agree);
- the desk (受理、派遣、核查、结案): capability `case_desk`, at the case's level (`desk_level`);
- handling: the assigned handler, or desk staff of the case's level (`require_handler`);
  who may be sent a case: capability `handle_cases` (`is_handler_for`, `handlers_q`);
- reporting for someone else (hotline) or from a patrol: `may_report_for`, `may_patrol`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts import access
from accounts.roles import Capability, roles_with
from cases.workflow import Level, code_length
from core.refusal import Forbidden, NotFound

C = Capability


def visible_q(user: Any, prefix: str = "") -> Q:
    """Cases the user may see: every case of the areas where they hold `view_cases`, plus
    the ones they reported, handle or support ("me too")."""
    if access.is_admin(user):
        return ~Q(pk__in=[])
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    q = access.scope_q(user, f"{prefix}area_code", C.VIEW_CASES)
    q |= Q(**{f"{prefix}reporter": user}) | Q(**{f"{prefix}handler": user})
    from cases.models import Supporter

    # Supporters are few; a subquery keeps the main query free of a join.
    q |= Q(**{f"{prefix}pk__in": Supporter.objects.filter(user=user).values("case_id")})
    return q


def visible(user: Any) -> QuerySet[Any]:
    """Every case the user may see (`visible_q`)."""
    from cases.models import Case

    if access.is_admin(user):
        return Case.objects.all()
    return Case.objects.filter(visible_q(user))


def can_view(user: Any, case: Any) -> bool:
    """`case in visible(user)`, for one case."""
    if user is None or not user.is_authenticated:
        return False
    if case.reporter_id == user.pk or case.handler_id == user.pk:
        return True
    if access.can(user, C.VIEW_CASES, case.area_code):
        return True
    return case.supporters.filter(user=user).exists()


def sees_internal_notes(user: Any, case: Any) -> bool:
    """Staff notes on a case's history (dispatch notes, handling notes, verification) are
    internal: read by the staff who may see the area's cases and by the case's handler; a
    reporter or supporter reads the public reply (`Case.reply`) and their own words."""
    if user is None or not user.is_authenticated:
        return False
    if access.is_admin(user) or case.handler_id == user.pk:
        return True
    return access.can(user, C.VIEW_CASES, case.area_code)


def sees_coordinates(user: Any) -> bool:
    """The report form's raw longitude and latitude boxes are for staff (desk, handlers,
    reporting for a caller); a resident places the pin on the map and never types them."""
    return is_desk_user(user) or has_tasks(user) or may_report_for(user)


def is_desk_user(user: Any) -> bool:
    """Does the user work a case desk anywhere (the desk pages, the desk nav item)?"""
    return access.anywhere(user, C.CASE_DESK)


def has_tasks(user: Any) -> bool:
    """The "My tasks" list: workers who are sent cases (grid workers, department handlers)."""
    return access.holds(user, C.CASE_TASKS)


def desk_scope_q(user: Any, field: str) -> Q:
    """A filter on `field` (a path to an area code) for the areas of the user's desks."""
    return access.scope_q(user, field, C.CASE_DESK)


def sees_every_desk(user: Any) -> bool:
    """An administrator works every desk, at every level."""
    return access.is_admin(user)


def desk_roles() -> frozenset[str]:
    """The roles of desk staff, to find whom to notify among role assignments."""
    return roles_with(C.CASE_DESK)


def handlers_q(area_code: str, prefix: str = "") -> Q:
    """Users who may be sent a case in the area with `area_code`: `handle_cases` on an area
    containing it."""
    prefixes = [area_code[:n] for n in range(6, len(area_code) + 1, 3)]
    return Q(
        **{
            f"{prefix}role_assignments__role__in": roles_with(C.HANDLE_CASES),
            f"{prefix}role_assignments__area__code__in": prefixes,
        }
    )


def may_report_for(user: Any, area_code: str | None = None) -> bool:
    """May the user take a report for someone else (a hotline call), anywhere or on the area?"""
    if area_code is None:
        return access.anywhere(user, C.CASE_DESK)
    return access.can(user, C.CASE_DESK, area_code)


def may_patrol(user: Any, area_code: str | None = None) -> bool:
    """May the user report from a patrol: anywhere (the patrol form) or on the area (a grid
    worker in their grids, desk staff in their areas)?"""
    if area_code is None:
        return access.anywhere(user, C.PATROL)
    return access.can(user, C.PATROL, area_code) or access.can(user, C.CASE_DESK, area_code)


def may_reveal_parties(user: Any, case: Any) -> bool:
    """Full phones of a dispute's parties (audited)."""
    return access.can(user, C.REVEAL_PERSONAL, case.area_code)


def office_level(code: str) -> int:
    """The case level of a desk role held on the area with `code`, read from the code's
    length: district staff 3, subdistrict 2, community 1, a grid head (or below) 0."""
    for level in (Level.DISTRICT, Level.SUBDISTRICT, Level.COMMUNITY):
        if len(code) <= code_length(level):
            return level
    return Level.GRID


def serves(office: int, level: int) -> bool:
    """Is an office at `office` level the desk of a case at `level`? Each level's office is
    its own desk; the community office is also the desk of its grids' cases (it accepts and
    dispatches them to the grid workers, who resolve them in the grid: 微事不出格)."""
    return office == level or (level == Level.GRID and office == Level.COMMUNITY)


def desk_codes(user: Any) -> list[str]:
    """The codes of the areas where the user holds a desk role, each role's own (a community
    office and the subdistrict office above it both count; administrators aside)."""
    return access.office_codes(user, C.CASE_DESK)


def offices(user: Any, area_code: str) -> set[int]:
    """The levels of the user's desk roles (admin aside) on areas containing `area_code`."""
    return {office_level(code) for code in desk_codes(user) if area_code.startswith(code)}


def desk_level(user: Any, case: Any) -> int | None:
    """The level at which the user may act on the case at the desk: its own level for the
    staff of that level (and administrators); a higher office stepping in (督办) acts at its
    own level, and the case moves up to it when it does; None for anyone else, lower levels
    included."""
    if access.is_admin(user):
        return int(case.level)
    levels = offices(user, case.area_code)
    if any(serves(o, case.level) for o in levels):
        return int(case.level)
    above = [o for o in levels if o > case.level]
    return min(above) if above else None


def is_desk(user: Any, case: Any) -> bool:
    return desk_level(user, case) is not None


def can_handle(user: Any, case: Any) -> bool:
    """The assigned handler, or desk staff who may act on the case at its level."""
    return case.handler_id == user.pk or is_desk(user, case)


def acts_above(user: Any, case: Any, level: int) -> bool:
    """Does the user hold a desk role on the case's area at `level` or higher?"""
    if access.is_admin(user):
        return True
    limit = code_length(min(level, 3))
    return any(
        case.area_code.startswith(code) and len(code) <= limit
        for code in access.area_codes(user, C.CASE_DESK)
    )


def deciding_q(user: Any) -> Q:
    """Who decides an extension or suspension request, as a filter on requests (the one rule
    for the approvals page, the decision and the notice): the desk staff of the request's
    approver level on the case's area (its ancestor at that level: the community office for
    level 1, ...), never the one who asked. The notice goes to exactly these (`actions.approvals.tell_approvers`);
    administrators may also decide any request, without being told of each."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    not_own = ~Q(requested_by=user)
    if access.is_admin(user):
        return not_own
    q = Q(pk__in=[])
    for code in desk_codes(user):
        levels = [lv for lv in Level if lv > Level.GRID and code_length(lv) == len(code)]
        if levels:
            q |= Q(case__area_code__startswith=code, approver_level__in=levels)
    return not_own & q


def decides(user: Any, request: Any) -> bool:
    """May the user decide this request (`deciding_q`)?"""
    from cases.models import CaseRequest

    return CaseRequest.objects.filter(deciding_q(user), pk=request.pk).exists()


def require_view(user: Any, case: Any) -> None:
    if not can_view(user, case):
        raise NotFound(_("No such case."))


def _refuse_below(user: Any, case: Any) -> None:
    """A clear refusal for desk staff of the area whose level the case has left."""
    if offices(user, case.area_code):
        raise Forbidden(
            _(
                "This case is at the %(level)s level now: only that level's staff "
                "(or a level above) may act on it."
            )
            % {"level": Level(case.level).label}
        )


def require_desk(user: Any, case: Any) -> int:
    """The level the user acts at (see `desk_level`), or Forbidden."""
    require_view(user, case)
    level = desk_level(user, case)
    if level is None:
        _refuse_below(user, case)
        raise Forbidden(_("Only staff responsible for this area may do this."))
    return level


def require_handler(user: Any, case: Any) -> int | None:
    """None for the assigned handler; for desk staff, the level they act at."""
    require_view(user, case)
    if case.handler_id == user.pk:
        return None
    level = desk_level(user, case)
    if level is None:
        _refuse_below(user, case)
        raise Forbidden(_("Only the assigned handler or staff of this case's level may do this."))
    return level


def is_handler_for(user: Any, area_code: str) -> bool:
    return access.can(user, C.HANDLE_CASES, area_code)


def verified_by(case: Any) -> int | None:
    """The id of whoever passed the verification behind the case's latest closing (None for
    a case resolved on the spot, which its handler closed without one)."""
    from cases.models import CaseTransition

    return (
        CaseTransition.objects.filter(case=case, action="verify_pass")
        .order_by("-at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )


def require_revisitor(user: Any, case: Any) -> None:
    """回访 is a second look at a closed case: by a worker of its area who neither handled the
    case nor verified it."""
    require_view(user, case)
    if case.handler_id == user.pk or verified_by(case) == user.pk:
        raise Forbidden(
            _(
                "The revisit is made by a second worker: not the one who handled the case "
                "nor the one who verified it."
            )
        )
    if not is_handler_for(user, case.area_code):
        raise Forbidden(_("Only workers of this area may revisit."))


def can_revisit(user: Any, case: Any) -> bool:
    try:
        require_revisitor(user, case)
    except Forbidden:
        return False
    return True
