"""GET /api/v1/search?q=: residents, households and buildings in the caller's areas, as the
search page finds them (`areas.search`); phone and ID numbers masked, full values only from
the audited reveal (`POST /api/v1/areas/residents/{code}/reveal`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from areas import permissions, search
from areas.api.schemas import BuildingOut, HouseholdOut, ResidentOut
from areas.models import Resident
from core.refusal import NotFound
from core.schemas import errors

router = Router(tags=["search"])


class SearchIn(Schema):
    q: str = Field(
        ...,
        min_length=1,
        max_length=search.MAX_LENGTH,
        description="A name, pinyin or its initials (gnm), a phone or its last digits, the "
        "last digits of an ID number, or part of an address",
    )


class FoundResidentOut(ResidentOut):
    household_code: str
    address: str

    @staticmethod
    def resolve_household_code(r: Resident) -> str:
        return r.household.code

    @staticmethod
    def resolve_address(r: Resident) -> str:
        return r.household.address


class SearchOut(Schema):
    q: str = Field(description="The query as searched: spaces removed, lower case")
    residents: list[FoundResidentOut]
    households: list[HouseholdOut]
    buildings: list[BuildingOut]
    more: bool = Field(description="Some kind had more matches than the ones answered")


@router.get(
    "",
    response={200: SearchOut, **errors(400, 404)},
    summary="Search residents, households and buildings in one's areas",
    operation_id="search_api_search",
)
def search_endpoint(request: HttpRequest, params: Query[SearchIn]) -> Any:
    """Up to 20 of each kind, within the caller's areas (404 for a user who may not search);
    a query shorter than two characters finds nothing."""
    if not permissions.may_search(request.user):
        raise NotFound(_("Searching people and places is not open to you."))
    found = search.search(request.user, params.q)
    return {
        "q": found.q,
        "residents": found.residents,
        "households": found.households,
        "buildings": found.buildings,
        "more": found.more,
    }
