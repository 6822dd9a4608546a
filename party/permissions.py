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
from areas.permissions import home_grid

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


# Commitments (承诺践诺) are public to those they serve: a commitment is seen by those who
# view party organisations on its organisation's area or on the area it serves (the
# secretary, the offices above), by the member who made it, and by the residents living in
# the area it serves. The member themself (for a member's commitment) and whoever edits the
# organisation add progress and close it; a resident living in the area rates it, not the
# member who made it.


def home_codes(user: Any) -> list[str]:
    """The codes of the areas a user lives in: their resident record's grid, and the areas of
    their resident roles."""
    if user is None or not user.is_authenticated:
        return []
    codes = set(access.area_codes(user, C.RESIDENT_SERVICES))
    grid = home_grid(user)
    if grid is not None:
        codes.add(grid[0])
    return sorted(codes)


def commitments_visible_to(user: Any) -> QuerySet[Any]:
    from party.models import Commitment

    q = scope_q(user, "organisation__area__code") | scope_q(user, "area__code")
    if user is not None and user.is_authenticated:
        q |= Q(member__user=user)
    served = {code[:n] for code in home_codes(user) for n in range(1, len(code) + 1)}
    if served:
        q |= Q(area__code__in=sorted(served))
    return Commitment.objects.filter(q)


def can_view_commitment(user: Any, commitment: Any) -> bool:
    served = commitment.area.code
    return (
        access.can(user, VIEW, commitment.organisation.area.code)
        or access.can(user, VIEW, served)
        or _own_commitment(user, commitment)
        or any(code.startswith(served) for code in home_codes(user))
    )


def _own_commitment(user: Any, commitment: Any) -> bool:
    member = commitment.member
    return bool(
        user is not None
        and user.is_authenticated
        and member is not None
        and member.user_id == user.pk
    )


def may_make_commitment(user: Any, organisation: Any) -> bool:
    """An organisation's commitment, or one for a member of it, is made by whoever edits the
    organisation; a member makes their own (`member_of`)."""
    return access.can(user, EDIT, organisation.area.code)


def may_keep_commitment(user: Any, commitment: Any) -> bool:
    """Add progress and close: the member themself, or whoever edits the organisation."""
    return _own_commitment(user, commitment) or access.can(
        user, EDIT, commitment.organisation.area.code
    )


def member_of(user: Any) -> Any:
    """The user's party-member record, or None."""
    if user is None or not user.is_authenticated:
        return None
    from party.models import PartyMember

    return (
        PartyMember.objects.select_related("organisation__area", "home_community")
        .filter(user=user)
        .first()
    )


def rater_for(user: Any, commitment: Any) -> Any:
    """The resident record through which the user may rate `commitment`: theirs, when they
    live in the area it serves and did not make it; else None."""
    resident = getattr(user, "resident", None) if user is not None else None
    if resident is None or _own_commitment(user, commitment):
        return None
    grid = resident.household.grid
    if grid is None or not grid.code.startswith(commitment.area.code):
        return None
    return resident


# Member service posts (党员服务示范岗, 先锋岗, 哨点) are a public service: a post is seen by
# those who view party organisations on its organisation's area or on its grid, by the member
# posted, and, while it is held, by the residents living on its grid (`home_codes`). The
# grid's page names the grid's posts held today to everyone who sees the grid, as it names
# the grid's branches. Whoever edits the member's organisation posts them, changes and ends
# the post (`may_post_member`).


def posts_visible_to(user: Any, today: Any = None) -> QuerySet[Any]:
    from core import timeutil
    from party.models import ServicePost

    q = scope_q(user, "organisation__area__code") | scope_q(user, "grid__code")
    if user is not None and user.is_authenticated:
        q |= Q(member__user=user)
    homes = home_codes(user)
    if homes:
        here = Q(pk__in=[])
        for code in homes:
            here |= Q(grid__code__startswith=code)
        held = ServicePost.objects.active(today or timeutil.today())
        q |= Q(pk__in=held.filter(here).values("pk"))
    return ServicePost.objects.filter(q)


def can_view_post(user: Any, post: Any, today: Any = None) -> bool:
    from core import timeutil

    if access.can(user, VIEW, post.organisation.area.code) or access.can(
        user, VIEW, post.grid.code
    ):
        return True
    if user is not None and user.is_authenticated and post.member.user_id == user.pk:
        return True
    held = post.is_active(today or timeutil.today())
    return held and any(post.grid.code.startswith(code) for code in home_codes(user))


def may_post_member(user: Any, organisation: Any) -> bool:
    """Post a member of `organisation`, change or end their post: whoever edits it."""
    return access.can(user, EDIT, organisation.area.code)


# Joint meetings (联席会议). A body is seen where its area is (those who view party
# organisations there: the office of the level, those above) and by the contacts of its member
# units; its meetings and follow-ups are seen with it. Whoever edits party organisations on the
# body's area runs it (members, tasks, meetings, follow-ups); a member unit's contact keeps the
# unit's own tasks and follow-ups (start, done).


def joint_bodies_visible_to(user: Any) -> QuerySet[Any]:
    from party.models import JointBody, JointMember

    q = scope_q(user, "area__code")
    if user is not None and user.is_authenticated:
        q |= Q(pk__in=JointMember.objects.filter(contact=user).values("body"))
    return JointBody.objects.filter(q)


def can_view_joint_body(user: Any, body: Any) -> bool:
    return access.can(user, VIEW, body.area.code) or _contact_in(user, body)


def _contact_in(user: Any, body: Any) -> bool:
    return bool(
        user is not None and user.is_authenticated and body.members.filter(contact=user).exists()
    )


def may_run_joint_body(user: Any, body: Any) -> bool:
    return access.can(user, EDIT, body.area.code)


def may_keep_unit_item(user: Any, member: Any) -> bool:
    """A task or follow-up of `member` (a unit): its contact, or whoever runs the body."""
    own = user is not None and user.is_authenticated and member.contact_id == user.pk
    return own or access.can(user, EDIT, member.body.area.code)


# 两新 organisations: seen where their area is, changed (and reviewed, certified) by whoever
# edits party organisations there. A review and a certification are seen with their
# organisation.


def new_organisations_visible_to(user: Any) -> QuerySet[Any]:
    from party.models import NewOrganisation

    return NewOrganisation.objects.filter(scope_q(user, "area__code"))


def can_view_new_organisation(user: Any, organisation: Any) -> bool:
    return access.can(user, VIEW, organisation.area.code)


def may_edit_new_organisation(user: Any, organisation: Any) -> bool:
    return access.can(user, EDIT, organisation.area.code)


def reviews_visible_to(user: Any) -> QuerySet[Any]:
    from party.models import BenchmarkReview

    return BenchmarkReview.objects.filter(scope_q(user, "organisation__area__code"))


def can_view_review(user: Any, review: Any) -> bool:
    return access.can(user, VIEW, review.organisation.area.code)
