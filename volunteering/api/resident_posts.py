"""居民自主发布 in the API: a resident posts their own wish or need and follows it; the
community's staff list what awaits review and publish, edit or decline it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from core.schemas import errors
from volunteering import actions, permissions, selectors
from volunteering.api.common import community_by_code, not_found, router, user_of
from volunteering.api.schemas import PostOut, PostReviewIn, ResidentNeedIn, ResidentWishIn
from volunteering.models import Need


def _community(code: str | None) -> Any:
    return community_by_code(code) if code is not None else None


@router.post("/my-posts/wishes", response={201: PostOut} | errors(400, 403, 409))
def post_own_wish(request: HttpRequest, data: ResidentWishIn) -> Status:
    """A resident posts a micro-wish in the community they live in. It waits for review:
    nobody but the poster and the community's staff sees it until published. 403: not a
    resident with a household record, or another community; 409: the household has
    LINLI_RESIDENT_OPEN_POSTS (5) wishes and needs open."""
    done = actions.do_submit_wish(
        title=data.title,
        description=data.description,
        beneficiary_kind=data.beneficiary_kind,
        privacy=data.privacy,
        community=_community(data.community_code),
        actor=user_of(request),
    )
    return Status(201, done)


@router.post("/my-posts/needs", response={201: PostOut} | errors(400, 403, 409))
def post_own_need(request: HttpRequest, data: ResidentNeedIn) -> Status:
    """A resident puts a need forward for the needs list; refused as a wish is."""
    done = actions.do_submit_need(
        title=data.title,
        description=data.description,
        category=data.category,
        community=_community(data.community_code),
        actor=user_of(request),
    )
    return Status(201, done)


@router.get("/my-posts", response={200: list[PostOut]} | errors())
def my_posts(request: HttpRequest) -> list[Any]:
    """The user's own wishes and needs, newest first, with each review's note or reason."""
    return [item for _kind, item in selectors.my_posts(request.user)[:200]]


@router.get("/review", response={200: list[PostOut]} | errors())
def to_review(request: HttpRequest) -> list[Any]:
    """Residents' posts awaiting the user's review (staff of their communities), oldest first."""
    return [item for _kind, item in selectors.to_review(request.user)[:200]]


@router.post("/review/wishes/{pk}", response={200: PostOut} | errors(400, 403, 404, 409))
def review_wish(request: HttpRequest, pk: int, data: PostReviewIn) -> Status:
    """Publish a resident's wish as it is, edited with a note, or decline it with the reason;
    409 once it has been reviewed."""
    user = user_of(request)
    wish = permissions.wishes_visible_to(user).filter(pk=pk).first()
    if wish is None:
        raise not_found()
    done = actions.do_review_wish(
        wish,
        decision=data.decision,
        note=data.note,
        title=data.title,
        description=data.description,
        actor=user,
    )
    return Status(200, done)


@router.post("/review/needs/{pk}", response={200: PostOut} | errors(400, 403, 404, 409))
def review_need(request: HttpRequest, pk: int, data: PostReviewIn) -> Status:
    """As for a wish; a published need joins the needs list."""
    user = user_of(request)
    need = (
        Need.objects.filter(permissions.staff_q(user, "community__code") | own_q(user))
        .filter(pk=pk)
        .first()
    )
    if need is None:
        raise not_found()
    done = actions.do_review_need(
        need,
        decision=data.decision,
        note=data.note,
        title=data.title,
        description=data.description,
        actor=user,
    )
    return Status(200, done)


def own_q(user: Any) -> Any:
    from django.db.models import Q

    return Q(created_by=user, submitted_text__gt="")
