"""Reads of member service posts: what the user may see, the posts held on an area's grids
today (the grid page's panel and the map's layer, through `areas.panels`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from areas.models import Area
from areas.panels import GridPost
from core import timeutil
from party import permissions
from party.posts.models import ServicePost, ServicePostQuerySet

MAP_POSTS_MAX = 2000


def posts(user: Any) -> ServicePostQuerySet:
    return permissions.posts_visible_to(user).select_related(  # type: ignore[return-value]
        "member", "organisation", "grid", "building"
    )


def held_on(area: Area, today: dt.date | None = None) -> QuerySet[ServicePost]:
    """The posts held on the day on the grids of `area` (its own code's subtree)."""
    return (
        ServicePost.objects.active(today or timeutil.today())
        .filter(grid__code__startswith=area.code)
        .select_related("member", "grid", "building")
        .order_by("grid__code", "kind", "member__name", "pk")
    )


def grid_posts(area: Area) -> list[GridPost]:
    """`areas.panels`' lister: the posts held today on the area's grids, names and duties
    only (a member's phone is never shown)."""
    return [
        GridPost(
            member=p.member.name,
            kind=str(p.get_kind_display()),
            kind_key=p.kind,
            duty=p.duty,
            place=p.place or (p.building.name if p.building else ""),
            grid_code=p.grid.code,
            point=p.point,
        )
        for p in held_on(area)[:MAP_POSTS_MAX]
    ]


def circle_places(area_code: str) -> list[Any]:
    """The service circle's kind of posts (`areas.nearby.kinds`): the posts held today with a
    place on the map, named by kind and duty (never the member's name or phone)."""
    from areas.nearby.kinds import Place

    return [
        Place(
            f"{p.get_kind_display()} · {p.duty}",
            "service_post",
            *p.point,
            note=p.place or (p.building.name if p.building else ""),
        )
        for p in held_on(Area(code=area_code))
        if p.point is not None
    ]
