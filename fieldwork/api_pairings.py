"""Pairings in the field work API: list, make, end, and their coverage. Registered on
`fieldwork.api.router`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from core.paging import Page, page_param, page_size_param, paginate
from core.refusal import NotFound
from core.schemas import OneOf, errors
from fieldwork import permissions
from fieldwork.actions.pairings import do_end_pairing, do_pair
from fieldwork.api import router
from fieldwork.lookups import person_of, target_of
from fieldwork.models import Pairing, PairingKind
from fieldwork.selectors import pairings as selectors
from fieldwork.selectors import visits as visit_selectors

Kind = Annotated[str, OneOf(lambda: PairingKind.values)]


class PairingOut(Schema):
    id: int
    kind: Kind
    person_id: int
    person_name: str
    target_code: str
    target_name: str
    area_code: str
    started_on: dt.date
    ended_on: dt.date | None
    visited: bool = Field(False, description="The person visited it in the running period.")

    @staticmethod
    def resolve_person_name(p: Pairing) -> str:
        return p.person.name

    @staticmethod
    def resolve_target_code(p: Pairing) -> str:
        return str(getattr(p.target, "code", ""))

    @staticmethod
    def resolve_target_name(p: Pairing) -> str:
        target: Any = p.target
        return str(getattr(target, "address", None) or getattr(target, "name", ""))

    @staticmethod
    def resolve_visited(p: Pairing) -> bool:
        return bool(getattr(p, "visited", False))


class PairingPage(Page[PairingOut]):
    pass


class PairingIn(Schema):
    kind: Kind
    person_phone: str = Field(max_length=20, description="The member's or cadre's account.")
    target_code: str = Field(
        max_length=40, description="The household's, resident's or grid's code, by kind."
    )


class PairingCoverageOut(Schema):
    households: int
    households_with_contact: int
    special_residents: int
    special_residents_paired: int
    pairings: int
    pairings_visited: int


@router.get("/pairings", response={200: PairingPage, **errors(400)})
def list_pairings(
    request: HttpRequest,
    kind: Kind | None = None,
    mine: bool = Query(False, description="Only the caller's own."),
    active: bool = Query(True, description="Only the running ones."),
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Any:
    qs = selectors.pairings(request.user)
    if kind:
        qs = qs.filter(kind=kind)
    if mine:
        qs = qs.filter(person=request.user.pk)
    if active:
        qs = qs.filter(ended_on__isnull=True)
    return paginate(qs.order_by("kind", "area_code", "pk"), page, page_size)


@router.post("/pairings", response={201: PairingOut, **errors(400, 404, 409)})
def make_pairing(request: HttpRequest, data: PairingIn) -> Any:
    """Pair a member or cadre with a household (at most `LINLI_HOUSEHOLD_LINK_LIMIT`, 100 by
    default: 409 beyond), a special-group resident or a grid (a leader)."""
    pairing = do_pair(
        data.kind,
        person=person_of(data.person_phone),
        target=target_of(data.kind, data.target_code),
        actor=request.user,
    )
    return Status(201, selectors.pairings(request.user).get(pk=pairing.pk))


@router.post("/pairings/{pairing_id}/end", response={200: PairingOut, **errors(403, 404, 409)})
def end_pairing(request: HttpRequest, pairing_id: int) -> Any:
    pairing = Pairing.objects.filter(pk=pairing_id).first()
    if pairing is None:
        raise NotFound(_("No such pairing."))
    do_end_pairing(pairing, actor=request.user)
    return selectors.pairings(request.user).get(pk=pairing.pk)


@router.get("/pairing-coverage", response={200: PairingCoverageOut, **errors(404)})
def pairing_coverage(request: HttpRequest, area: str | None = Query(None, max_length=32)) -> Any:
    """Households with a named contact, special-group residents with a pair, and pairings
    visited in the running period, over the caller's areas (or `area` within them)."""
    codes = visit_selectors.narrowed(request.user, area or "")
    if not codes:
        raise NotFound(_("No such area."))
    c = selectors.coverage(codes)
    return {
        "households": c.households,
        "households_with_contact": c.linked,
        "special_residents": c.special,
        "special_residents_paired": c.paired,
        "pairings": c.pairings,
        "pairings_visited": c.visited,
    }


__all__ = ["permissions"]
