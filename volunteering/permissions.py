"""Who may see and do what in volunteer services: the volunteering app's only rules, asking
the capability matrix (accounts.roles) through accounts.access.

- Staff (capability `run_volunteering`: community and higher offices, party secretaries) run
  the services of the communities in their subtree: `staff_q`, `is_staff_for`.
- A resident orders services and joins community events (`resident_services`); a volunteer
  takes orders (`volunteer_services`), those of their community and their teams.
- What a user sees: one queryset rule per model (`orders_visible_to`, `wishes_visible_to`,
  `events_visible_to`) and the per-object check derived from it (`can_view_*`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts import access
from accounts.roles import Capability
from areas.permissions import home_grid

C = Capability


def staff_q(user: Any, field: str) -> Q:
    """A filter on `field` (a path to an area code) for the areas the user runs."""
    return access.scope_q(user, field, C.RUN_VOLUNTEERING)


def is_staff_for(user: Any, area_code: str) -> bool:
    return access.can(user, C.RUN_VOLUNTEERING, area_code)


def is_any_staff(user: Any) -> bool:
    """Does the user run volunteer services anywhere (the staff pages and their nav item)?"""
    return access.anywhere(user, C.RUN_VOLUNTEERING)


def may_order_services(user: Any) -> bool:
    """The service menu, one's own orders and the community events (nav items)."""
    return access.holds(user, C.RESIDENT_SERVICES)


def may_take_orders(user: Any) -> bool:
    """The open orders a volunteer may take (nav item)."""
    return access.holds(user, C.VOLUNTEER_SERVICES)


def may_see_hours(user: Any) -> bool:
    """One's own service hours: volunteers and residents (nav item)."""
    return may_order_services(user) or may_take_orders(user)


def volunteer_reaches(volunteer: Any, order: Any) -> bool:
    """May this volunteer take `order`? A team order is for its members only; an open one
    for the volunteers of its community."""
    from volunteering.selectors import team_ids

    if order.team_id is not None:
        return order.team_id in team_ids(volunteer)
    return order.community_id == volunteer.community_id


def orders_visible_to(user: Any) -> QuerySet[Any]:
    """Orders the user requested, runs (staff), took, or may take (published ones of their
    community and teams)."""
    from volunteering.models import Order, OrderStatus
    from volunteering.selectors import team_ids, volunteer_for

    q = Q(requester=user) | staff_q(user, "community__code")
    volunteer = volunteer_for(user)
    if volunteer is not None:
        q |= Q(taker=volunteer)
        q |= Q(status=OrderStatus.PUBLISHED) & (
            Q(team_id__in=team_ids(volunteer))
            | Q(team__isnull=True, community_id=volunteer.community_id)
        )
    return Order.objects.filter(q)


def wishes_visible_to(user: Any) -> QuerySet[Any]:
    """The wall shows wishes of the user's own community (staff: their areas); claimed and
    finished wishes stay visible to their claimer."""
    from party.models import PartyMember
    from volunteering.models import UNREVIEWED, MicroWish
    from volunteering.selectors import home_community, volunteer_for

    q = staff_q(user, "community__code") | Q(claimed_by=user)
    if user is not None and user.is_authenticated:
        q |= Q(posted_by=user)  # a resident follows their own post, reviewed or not
    community = home_community(user)
    volunteer = volunteer_for(user)
    member = PartyMember.objects.filter(user=user).select_related("organisation__area").first()
    codes = set()
    if community is not None:
        codes.add(community.code)
    if volunteer is not None:
        codes.add(volunteer.community.code)
    if member is not None:
        if member.home_community_id:
            codes.add(member.home_community.code)  # type: ignore[union-attr]
        codes.add(member.organisation.area.code[:12])
    published = ~Q(status__in=UNREVIEWED)  # nothing unreviewed is shown to others
    for code in codes:
        q |= Q(community__code__startswith=code) & published
    return MicroWish.objects.filter(q)


# 居民自主发布: a resident posts a micro-wish or a need in the community they live in; the
# community's staff (`run_volunteering` there) review it before anyone else sees it.


def resident_home(user: Any) -> Any:
    """The user's resident record and the community they live in, or (None, None): only a
    resident holding `resident_services` with a household on a grid posts their own."""
    if user is None or not user.is_authenticated or not access.holds(user, C.RESIDENT_SERVICES):
        return None, None
    resident = getattr(user, "resident", None)
    grid = resident.household.grid if resident is not None else None
    if grid is None:
        return None, None
    from volunteering.selectors import home_community

    return resident, home_community(user)


def may_post_own(user: Any) -> bool:
    """The 'my wishes and needs' page and its nav item: a resident holding `resident_services`
    whose household lies on a grid (one query, shared with the consultation's menu check)."""
    if user is None or not user.is_authenticated or not access.holds(user, C.RESIDENT_SERVICES):
        return False
    return consult_community_code(user) is not None


def post_refusal(user: Any, community: Any) -> str | None:
    """Why `user` may not post a wish or a need in `community`, or None."""
    from django.utils.translation import gettext as _

    resident, home = resident_home(user)
    if home is None:
        return _("Only a resident with a household record posts their own wishes and needs.")
    if community is not None and community.pk != home.pk:
        return _("You may post only in the community you live in (%(area)s).") % {"area": home.name}
    return None


def may_review(user: Any, item: Any) -> bool:
    """The staff of the post's community review it (publish, edit, decline)."""
    return is_staff_for(user, item.community.code)


def events_visible_to(user: Any) -> QuerySet[Any]:
    """Events of the user's home community, and of the areas they run."""
    from volunteering.models import CommunityEvent
    from volunteering.selectors import home_community

    q = runs_events_q(user)
    community = home_community(user)
    if community is not None:
        q |= Q(community=community)
    return CommunityEvent.objects.filter(q)


def runs_events_q(user: Any) -> Q:
    """Events the user runs: staff of their community (or above), and their organiser (a
    party secretary whose lecture schedule made them)."""
    q = staff_q(user, "community__code")
    if user is not None and user.is_authenticated:
        q |= Q(organiser=user)
    return q


def runs_event(user: Any, event: Any) -> bool:
    """May the user see the event's lists, its check-in code, and close its attendance?"""
    return event.organiser_id == getattr(user, "pk", None) or is_staff_for(
        user, event.community.code
    )


def signup_refusal(user: Any, event: Any) -> str | None:
    """Why `user` may not sign up for (or check in at) `event`, or None: they must live in its
    community, within its area limit (a subtree) when it has one, and carry one of its group
    tags when it has some (`party_member` is also held by a registered party member)."""
    from django.utils.translation import gettext as _

    from party.models import PartyMember
    from party.permissions import home_codes

    area = event.signup_area
    reach = area.code if area is not None else event.community.code
    codes = home_codes(user)
    if not any(code.startswith(reach) for code in codes):
        if area is not None:
            return _("Only residents of %(area)s may sign up.") % {"area": area.name}
        return _("Only residents of %(area)s may sign up.") % {"area": event.community.name}
    if event.signup_tags:
        resident = getattr(user, "resident", None)
        tags = set(resident.tags if resident is not None else [])
        if PartyMember.objects.filter(user=user).exists():
            tags.add("party_member")
        if not tags & set(event.signup_tags):
            return _("This event is for a group you are not registered in.")
    return None


def may_manage_lectures(user: Any, organisation: Any) -> bool:
    """Whoever edits the party organisation (its secretary, the offices above) keeps its
    lecture schedule; they organise the lectures it generates (`runs_events_q`)."""
    from party.permissions import may_edit

    return may_edit(user, organisation.area.code)


def lectures_visible_to(user: Any) -> QuerySet[Any]:
    """Lecture schedules are public to their community: the residents of the community of
    the organisation's area, those who run its events, and who view party organisations
    there."""
    from party.permissions import scope_q as party_scope_q
    from volunteering.models import LectureSchedule
    from volunteering.selectors import home_community

    q = staff_q(user, "organisation__area__code") | party_scope_q(user, "organisation__area__code")
    community = home_community(user)
    if community is not None:
        q |= Q(organisation__area__code__startswith=community.code)
    return LectureSchedule.objects.filter(q)


def lecture_organisations(user: Any) -> QuerySet[Any]:
    """The party organisations whose lecture schedule the user keeps (`may_manage_lectures`)."""
    from party.models import PartyOrganisation
    from party.permissions import EDIT
    from party.permissions import scope_q as party_scope_q

    return PartyOrganisation.objects.filter(party_scope_q(user, "area__code", EDIT)).select_related(
        "area"
    )


def can_view_lectures(user: Any, schedule: Any) -> bool:
    return lectures_visible_to(user).filter(pk=schedule.pk).exists()


def may_see_lectures(user: Any) -> bool:
    """The party lectures page (nav item): residents, party staff and secretaries."""
    from party.permissions import may_see_party

    return may_order_services(user) or may_see_party(user) or is_any_staff(user)


def can_view_order(user: Any, order: Any) -> bool:
    return orders_visible_to(user).filter(pk=order.pk).exists()


def can_view_wish(user: Any, wish: Any) -> bool:
    return wishes_visible_to(user).filter(pk=wish.pk).exists()


def can_view_event(user: Any, event: Any) -> bool:
    return events_visible_to(user).filter(pk=event.pk).exists()


def partner_units_q(user: Any) -> Q:
    """Partner units on the areas the user runs, above them (a subdistrict's units serve its
    communities) or below them."""
    if access.is_admin(user):
        return ~Q(pk__in=[])
    q = Q(pk__in=[])
    for code in access.area_codes(user, C.RUN_VOLUNTEERING):
        q |= Q(area__code__startswith=code)
        q |= Q(area__code__in=[code[:n] for n in (6, 9, 12) if n < len(code)])
    return q


# 双向领办与评价. A need or a project of a community is claimed by a partner unit serving the
# community (its area is the community's, above it or below it) or by an in-service party
# member registered there (双报到). A member acts for a partner unit they work at (their
# workplace is the unit's name); the community's staff may record a claim for either. The
# claimant (and the staff) report the delivery; the staff of the community rate it, never
# the member who claimed it; residents living in the community rate it once each.


def may_claim(user: Any) -> bool:
    """The claiming page and its nav item: staff, party members (their claims, or their
    workplace's) and residents (the deliveries of their community, to rate)."""
    return is_any_staff(user) or may_order_services(user) or acting_member(user) is not None


def acting_member(user: Any) -> Any:
    """The user's party-member record (to claim as, or for their workplace), or None."""
    if user is None or not user.is_authenticated:
        return None
    from party.models import PartyMember

    return PartyMember.objects.select_related("home_community").filter(user=user).first()


def units_serving_q(community: Any) -> Q:
    """Partner units serving `community`: kept by it, by an area above it, or below it."""
    code = community.code
    return Q(area__code__startswith=code) | Q(
        area__code__in=[code[:n] for n in range(1, len(code))]
    )


def claimants_for(user: Any, community: Any) -> tuple[Any, list[Any]]:
    """What the user may claim as in `community`: (their member record, when in service and
    registered there, else None; the partner units they act for)."""
    from party.models import PartnerUnit

    staff = is_staff_for(user, community.code)
    member = acting_member(user)
    own = (
        member
        if member is not None and member.in_service and member.home_community_id == community.pk
        else None
    )
    units = PartnerUnit.objects.filter(units_serving_q(community))
    if not staff:
        workplace = (member.workplace or "").strip() if member is not None else ""
        units = units.filter(name=workplace) if workplace else units.none()
    return own, list(units.order_by("name"))


def acts_for_q(user: Any) -> Q:
    """Claims the user makes or keeps as a claimant: theirs, their member record's, their
    workplace's partner unit's."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    q = Q(claimed_by=user) | Q(member__user=user)
    member = acting_member(user)
    if member is not None and (member.workplace or "").strip():
        q |= Q(partner_unit__name=member.workplace.strip())
    return q


def claims_visible_to(user: Any) -> QuerySet[Any]:
    """Claims of the communities the user runs, those they act for, and (public within the
    community) the claims of the community they live in or are registered with (双报到)."""
    from volunteering.models import Claim
    from volunteering.selectors import home_community

    q = staff_q(user, "community__code") | acts_for_q(user)
    community = home_community(user)
    if community is not None:
        q |= Q(community=community)
    member = acting_member(user)
    if member is not None and member.home_community_id:
        q |= Q(community_id=member.home_community_id)
    return Claim.objects.filter(q)


def can_view_claim(user: Any, claim: Any) -> bool:
    return claims_visible_to(user).filter(pk=claim.pk).exists()


def may_deliver(user: Any, claim: Any) -> bool:
    """Report the delivery, or withdraw: the claimant, or the community's staff."""
    from volunteering.models import Claim

    if is_staff_for(user, claim.community.code):
        return True
    return Claim.objects.filter(acts_for_q(user), pk=claim.pk).exists()


def may_rate_claim(user: Any, claim: Any) -> bool:
    """The community rates a delivery: its staff, not the member who claimed it."""
    own = claim.member is not None and claim.member.user_id == getattr(user, "pk", None)
    return is_staff_for(user, claim.community.code) and not own


def resident_rater_for(user: Any, claim: Any) -> Any:
    """The resident record through which the user may rate `claim`: theirs when they live in
    its community and are not the member who claimed it; else None."""
    resident = getattr(user, "resident", None) if user is not None else None
    if resident is None:
        return None
    if claim.member is not None and claim.member.resident_id == resident.pk:
        return None
    grid = resident.household.grid
    if grid is None or not grid.code.startswith(claim.community.code):
        return None
    return resident


# Consultation (议事协商, 听证会): `volunteering/consultation/`.


def consult_staff_q(user: Any, field: str) -> Q:
    """A filter on `field` (a path to an area code) for the areas whose consultations the
    user runs (community offices and above)."""
    return access.scope_q(user, field, C.RUN_CONSULTATIONS)


def runs_consultations(user: Any, area_code: str) -> bool:
    return access.can(user, C.RUN_CONSULTATIONS, area_code)


def runs_any_consultations(user: Any) -> bool:
    return access.anywhere(user, C.RUN_CONSULTATIONS)


def consultation_communities(user: Any) -> list[Any]:
    """The communities whose consultation the user runs (at most 200, by code)."""
    from areas.models import Area

    if not access.area_codes(user, C.RUN_CONSULTATIONS):
        return []
    q = access.scope_q(user, "code", C.RUN_CONSULTATIONS)
    return list(Area.objects.filter(q, level="community").order_by("code")[:200])


def consult_household(user: Any) -> Any:
    """The household through which the user takes part (their resident record's), or None.
    One household, one support and one ballot, whichever of its members acts."""
    resident = getattr(user, "resident", None) if user is not None else None
    if resident is None or not getattr(user, "is_authenticated", False):
        return None
    return resident.household


def consult_community_code(user: Any) -> str | None:
    """The code of the community the user lives in (their household's grid's community)."""
    grid = home_grid(user)
    if grid is None:
        return None
    code, level = grid
    return code if level == "community" else code[:12]


def takes_part_in(user: Any, community: Any) -> Any:
    """The household through which the user supports, votes and speaks in `community`'s
    consultation: theirs when it lies in the community; else None."""
    code = consult_community_code(user)
    if code is None or code != community.code:
        return None
    return consult_household(user)


def may_see_consultation(user: Any) -> bool:
    """The consultation pages (nav item): a resident of a community, its office, or someone
    reporting on a decision's follow-up."""
    from volunteering.models import TopicFollowUp

    if consult_community_code(user) is not None or runs_any_consultations(user):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and TopicFollowUp.objects.filter(owner=user).exists()
    )


def _consult_q(user: Any, field: str) -> Q:
    q = consult_staff_q(user, field)
    code = consult_community_code(user)
    if code is not None:
        q |= Q(**{field: code})
    return q


def topics_visible_to(user: Any) -> QuerySet[Any]:
    """Topics of the communities the user runs, every topic of the community they live in (who
    proposed or supported one is never shown to another resident), and those whose follow-up
    the user reports on."""
    from volunteering.models import Topic, TopicFollowUp

    q = _consult_q(user, "community__code")
    if user is not None and user.is_authenticated:
        q |= Q(pk__in=TopicFollowUp.objects.filter(owner=user).values("topic_id"))
    return Topic.objects.filter(q)


def consult_meetings_visible_to(user: Any) -> QuerySet[Any]:
    """Meetings and hearings of the communities the user runs or lives in."""
    from volunteering.models import ConsultMeeting

    return ConsultMeeting.objects.filter(_consult_q(user, "community__code"))


def can_view_topic(user: Any, topic: Any) -> bool:
    return topics_visible_to(user).filter(pk=topic.pk).exists()


def can_view_consult_meeting(user: Any, meeting: Any) -> bool:
    return consult_meetings_visible_to(user).filter(pk=meeting.pk).exists()


def may_keep_topic_follow_up(user: Any, follow_up: Any) -> bool:
    """Start or finish a decision's follow-up: the account reporting on it, or the office."""
    if follow_up.owner_id is not None and follow_up.owner_id == getattr(user, "pk", None):
        return True
    return runs_consultations(user, follow_up.topic.community.code)


def consultation_office_of(community: Any) -> list[Any]:
    """Whom a proposal that reached its supports is told to: the community office's staff
    (those who run consultations on the community itself, not the offices above)."""
    from accounts.models import RoleAssignment, User
    from accounts.roles import Role, roles_with

    staff = RoleAssignment.objects.filter(
        role__in=roles_with(C.RUN_CONSULTATIONS) - {Role.ADMIN}, area__code=community.code
    ).values("user_id")
    return list(User.objects.filter(pk__in=staff, is_active=True).order_by("pk"))
