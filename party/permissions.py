"""Who may see and change party organisations, members, cross-appointments and partner
units: the party app's only rules, asking the capability matrix (accounts.roles) through
accounts.access. `view_party` and `edit_party` act on the organisation's area subtree
(party secretaries, the offices, administrators).

A party member is seen where their organisation is (`members_visible_to`, `can_view_member`).
A working committee (党工委) is founded on a district or subdistrict: only whoever edits
party organisations on such an area is offered it (`working_committee_areas`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import access
from accounts.roles import Capability

C = Capability
VIEW = C.VIEW_PARTY
EDIT = C.EDIT_PARTY
WORKING_COMMITTEE_LEVELS = ("district", "subdistrict")


def may_see_party(user: Any) -> bool:
    """The party pages and their nav item: `view_party` somewhere."""
    return access.anywhere(user, VIEW)


def require_party(user: Any) -> None:
    """Party pages are for those who view party organisations somewhere; 404 for others."""
    if not may_see_party(user):
        raise Http404


def may_edit_somewhere(user: Any) -> bool:
    return access.anywhere(user, EDIT)


def may(user: Any, capability: str, area_code: str) -> bool:
    """May the user view (`view_party`) or edit (`edit_party`) on the area with `area_code`?"""
    return access.can(user, capability, area_code)


def may_edit(user: Any, area_code: str) -> bool:
    return access.can(user, EDIT, area_code)


def require(user: Any, capability: str, area_code: str) -> None:
    """404 for an organisation, member or unit outside the user's reach."""
    if not access.can(user, capability, area_code):
        raise Http404


def scope_q(user: Any, field: str, capability: str = VIEW) -> Q:
    """A filter on `field` (a path to an area code) for the user's reach with `capability`."""
    return access.scope_q(user, field, capability)


def members_visible_to(user: Any) -> QuerySet[Any]:
    from party.models import PartyMember

    return PartyMember.objects.filter(scope_q(user, "organisation__area__code"))


def can_view_member(user: Any, member: Any) -> bool:
    return access.can(user, VIEW, member.organisation.area.code)


def working_committee_areas(user: Any) -> QuerySet[Any]:
    """The areas the user may found a working committee on: districts and subdistricts where
    they edit party organisations."""
    from areas.models import Area

    return (
        Area.objects.filter(level__in=WORKING_COMMITTEE_LEVELS)
        .filter(scope_q(user, "code", EDIT))
        .order_by("code")
    )


def may_found_working_committee(user: Any) -> bool:
    return may_edit_somewhere(user) and working_committee_areas(user).exists()


# Organisational life (三会一课). A meeting is seen where its organisation is; it is recorded
# and corrected by whoever edits the organisation (`edit_party` on its area: the party
# secretary posted there, the offices above), as every other record of the organisation.


def meetings_visible_to(user: Any) -> QuerySet[Any]:
    from party.models import Meeting

    return Meeting.objects.filter(scope_q(user, "organisation__area__code"))


def can_view_meeting(user: Any, meeting: Any) -> bool:
    return access.can(user, VIEW, meeting.organisation.area.code)


def may_record_meeting(user: Any, organisation: Any) -> bool:
    return access.can(user, EDIT, organisation.area.code)


# Star rating (星级管理). A branch assesses itself: whoever edits it (its secretary) but not
# from the level above, unless they are the branch's own secretary. The level above reviews
# and publishes: whoever edits party organisations on the area of the organisation above the
# branch (its 大党委's community, or the area above the branch's) — never the branch's own
# secretary, nor whoever submitted the self-assessment. Everyone sees a published rating;
# an assessment in progress is seen where its organisation is.


def review_area_code(org: Any) -> str | None:
    """The area of the level above a branch: its parent organisation's, when that stands on
    another area, else the area above the branch's."""
    if org.parent_id and org.parent.area_id != org.area_id:
        return str(org.parent.area.code)
    above = org.area.parent
    return str(above.code) if above is not None else None


def is_branch_secretary(user: Any, org: Any) -> bool:
    secretary = org.secretary
    return secretary is not None and secretary.user_id is not None and secretary.user_id == user.pk


def reviews_branch(user: Any, org: Any) -> bool:
    """Is the user at the level above the branch (and not its secretary)?"""
    code = review_area_code(org)
    return code is not None and access.can(user, EDIT, code) and not is_branch_secretary(user, org)


def may_self_assess(user: Any, org: Any) -> bool:
    from party.models import OrgLevel

    if org.level != OrgLevel.BRANCH or not access.can(user, EDIT, org.area.code):
        return False
    return is_branch_secretary(user, org) or not reviews_branch(user, org)


def may_review_assessment(user: Any, assessment: Any) -> bool:
    """Review, return and publish: the level above, never who self-assessed it."""
    return reviews_branch(user, assessment.organisation) and assessment.submitted_by_id != user.pk


def assessments_visible_to(user: Any) -> QuerySet[Any]:
    from party.models import Assessment, AssessmentStatus

    return Assessment.objects.filter(
        scope_q(user, "organisation__area__code") | Q(status=AssessmentStatus.PUBLISHED)
    )


def can_view_assessment(user: Any, assessment: Any) -> bool:
    from party.models import AssessmentStatus

    return assessment.status == AssessmentStatus.PUBLISHED or access.can(
        user, VIEW, assessment.organisation.area.code
    )
