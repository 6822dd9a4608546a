"""Posting members (党员服务示范岗, 先锋岗, 哨点), changing and ending their posts, each audited.

A member or grid outside the actor's reach is a NotFound refusal; bad input an Invalid naming
its field; ending a post that has ended a Conflict. A refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from areas import location
from areas.models import Area, Building, grid_levels
from core import audit, timeutil
from core.refusal import Conflict, Invalid, NotFound
from party import permissions
from party.models import PartyMember
from party.posts.models import DUTY_MAX, PLACE_MAX, PostKind, ServicePost


def _text(value: str, field: str, limit: int, missing: str = "") -> str:
    value = (value or "").strip()
    if missing and not value:
        raise Invalid(missing, field)
    if len(value) > limit:
        raise Invalid(_("At most %(n)d characters.") % {"n": limit}, field)
    return value


def check_place(
    member: PartyMember, grid: Area, building: Building | None, lon: Any, lat: Any
) -> tuple[float | None, float | None]:
    """The rules of where a member is posted: a grid within their organisation's area (or an
    in-service member's home community), a building of that grid, a point checked as every
    point is, or none."""
    if grid.level not in grid_levels():
        raise Invalid(_("Choose a grid."), "grid")
    reach = [member.organisation.area.code]
    if member.home_community is not None:
        reach.append(member.home_community.code)
    if not any(grid.code.startswith(code) for code in reach):
        raise Invalid(_("The grid must lie within the member's organisation's area."), "grid")
    if building is not None and building.grid_id != grid.pk:
        raise Invalid(_("The building is on another grid."), "building")
    if lon is None and lat is None:
        return None, None
    if lon is None or lat is None:
        raise Invalid(_("Give both longitude and latitude, or neither."), "lon")
    return location.clean_point(lon, lat, "lon")


def _dates(since: dt.date, until: dt.date | None) -> None:
    if until is not None and until < since:
        raise Invalid(_("A post cannot end before it starts."), "until")


@transaction.atomic
def do_post_member(
    member: PartyMember,
    *,
    kind: str,
    duty: str,
    grid: Area,
    since: dt.date,
    until: dt.date | None = None,
    building: Building | None = None,
    place: str = "",
    lon: Any = None,
    lat: Any = None,
    actor: Any,
) -> ServicePost:
    """Post a member at a place of a grid with a duty: whoever edits the member's
    organisation does it."""
    member = PartyMember.objects.select_related("organisation__area", "home_community").get(
        pk=member.pk
    )
    if not permissions.may_post_member(actor, member.organisation):
        raise NotFound(_("No such member."))
    if kind not in PostKind.values:
        raise Invalid(_("Choose the kind of post."), "kind")
    duty = _text(duty, "duty", DUTY_MAX, _("Say what the member does at the post."))
    place = _text(place, "place", PLACE_MAX)
    lon, lat = check_place(member, grid, building, lon, lat)
    _dates(since, until)
    post = ServicePost.objects.create(
        member=member,
        organisation=member.organisation,
        kind=kind,
        duty=duty,
        grid=grid,
        building=building,
        place=place,
        lon=lon,
        lat=lat,
        since=since,
        until=until,
        posted_by=actor,
    )
    audit.record(
        actor,
        "party.post.add",
        post,
        {
            "member": [None, member.name],
            "kind": [None, kind],
            "duty": [None, duty],
            "grid": [None, grid.code],
            "since": [None, since.isoformat()],
        },
    )
    return post


def _keeping(post: ServicePost, actor: Any) -> ServicePost:
    found = (
        ServicePost.objects.select_for_update(of=("self",))
        .select_related("organisation__area", "member", "grid")
        .get(pk=post.pk)
    )
    if not permissions.may_post_member(actor, found.organisation):
        raise NotFound(_("No such post."))
    return found


@transaction.atomic
def do_end_post(post: ServicePost, *, until: dt.date | None = None, actor: Any) -> ServicePost:
    """End a post on `until` (today in Asia/Shanghai by default); a post that has ended
    already is a Conflict."""
    found = _keeping(post, actor)
    today = timeutil.today()
    until = until or today
    if found.until is not None and found.until < today:
        raise Conflict(_("This post has ended already."), "until")
    if until < found.since:
        raise Invalid(_("A post cannot end before it starts."), "until")
    changes = audit.diff(found, {"until": until})
    found.until = until
    found.save(update_fields=["until"])
    audit.record(actor, "party.post.end", found, changes)
    return found
