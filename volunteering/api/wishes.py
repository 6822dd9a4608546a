"""Micro-wishes in the API: the wall, posting, claiming, fulfilling with a photo, confirming."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Schema, Status, UploadedFile

from core.refusal import Invalid
from core.schemas import errors
from volunteering import actions, permissions, selectors
from volunteering.actions.wishes import stalled_q
from volunteering.api.common import (
    community_by_code,
    not_found,
    router,
    user_of,
)
from volunteering.api.schemas import ClaimIn, ReasonIn, WishIn, WishOut
from volunteering.models import MicroWish, WishStatus


class WishFilter(Schema):
    status: WishStatus | None = None
    stalled: bool = False


@router.get("/wishes", response={200: list[WishOut]} | errors())
def wall(request: HttpRequest, filters: Query[WishFilter]) -> list[MicroWish]:
    """The wish wall the user may see; `stalled=true` lists unclaimed or stalled wishes."""
    qs = selectors.wall(request.user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.stalled:
        qs = qs.filter(stalled_q())
    rows = list(qs.order_by("-created", "-pk")[:200])
    stalled = set(
        MicroWish.objects.filter(stalled_q(), pk__in=[w.pk for w in rows]).values_list(
            "pk", flat=True
        )
    )
    for w in rows:
        w.stalled = w.pk in stalled  # type: ignore[attr-defined]  # read by WishOut
    return rows


def _wish(request: HttpRequest, pk: int) -> MicroWish | None:
    return (
        permissions.wishes_visible_to(request.user)
        .select_related("community", "claimer_unit", "claimer_member", "claimed_by")
        .filter(pk=pk)
        .first()
    )


@router.get("/wishes/{pk}", response={200: WishOut} | errors(404))
def get_wish(request: HttpRequest, pk: int) -> Status:
    wish = _wish(request, pk)
    if wish is None:
        raise not_found()
    return Status(200, wish)


@router.post("/wishes", response={201: WishOut} | errors(400, 404))
def post_wish(request: HttpRequest, data: WishIn) -> Status:
    """Staff post a wish on a resident's behalf with the privacy the resident agreed to."""
    user = user_of(request)
    done = actions.do_post_wish(
        community=community_by_code(data.community_code),
        title=data.title,
        beneficiary_name=data.beneficiary_name,
        beneficiary_kind=data.beneficiary_kind,
        privacy=data.privacy,
        description=data.description,
        value=data.value,
        actor=user,
    )
    return Status(201, done)


def _act(request: HttpRequest, pk: int, fn: Any) -> Status:
    wish = _wish(request, pk)
    if wish is None:
        raise not_found()
    done = fn(wish)
    return Status(200, done)


@router.post("/wishes/{pk}/claim", response={200: WishOut} | errors(400, 403, 404, 409))
def claim(request: HttpRequest, pk: int, data: ClaimIn) -> Status:
    """A party member claims for themselves; staff may record a partner unit's claim."""
    user = user_of(request)

    def call(wish: MicroWish) -> MicroWish:
        unit = None
        if data.partner_unit_id is not None:
            unit = selectors.partner_units_for(user).filter(pk=data.partner_unit_id).first()
            if unit is None:
                raise Invalid(f"No partner unit with id {data.partner_unit_id}.", "partner_unit_id")
        return actions.do_claim_wish(wish, unit=unit, actor=user)

    return _act(request, pk, call)


@router.post("/wishes/{pk}/fulfil", response={200: WishOut} | errors(400, 403, 404, 409))
def fulfil(
    request: HttpRequest, pk: int, photo: File[UploadedFile], note: Form[str] = ""
) -> Status:
    """The claimer uploads a photo of the fulfilled wish (multipart)."""
    user = user_of(request)
    return _act(
        request, pk, lambda w: actions.do_fulfil_wish(w, photo=photo, note=note, actor=user)
    )


@router.post("/wishes/{pk}/confirm", response={200: WishOut} | errors(404, 409))
def confirm(request: HttpRequest, pk: int) -> Status:
    user = user_of(request)
    return _act(request, pk, lambda w: actions.do_confirm_wish(w, actor=user))


@router.post("/wishes/{pk}/send-back", response={200: WishOut} | errors(400, 404, 409))
def send_back(request: HttpRequest, pk: int, data: ReasonIn) -> Status:
    user = user_of(request)
    return _act(request, pk, lambda w: actions.do_send_back_wish(w, reason=data.reason, actor=user))


@router.post("/wishes/{pk}/release", response={200: WishOut} | errors(400, 404, 409))
def release(request: HttpRequest, pk: int, data: ReasonIn) -> Status:
    user = user_of(request)
    return _act(request, pk, lambda w: actions.do_release_wish(w, reason=data.reason, actor=user))


@router.post("/wishes/{pk}/cancel", response={200: WishOut} | errors(400, 404, 409))
def cancel(request: HttpRequest, pk: int, data: ReasonIn) -> Status:
    user = user_of(request)
    return _act(request, pk, lambda w: actions.do_cancel_wish(w, reason=data.reason, actor=user))
