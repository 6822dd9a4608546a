"""The shapes of the areas API's answers (and of its errors, `ERRORS`): the endpoints return
model instances, read here by attribute, with `resolve_<field>` for what is derived. Personal
numbers are always masked here; the full values come only from the audited reveal endpoint."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema

from accounts.models import RoleAssignment
from areas import panels, selectors
from areas.models import (
    Area,
    Building,
    Household,
    Resident,
    Road,
    ServicePoint,
    WaterBody,
    level_digits,
    level_names,
)
from core.masking import mask_id_number, mask_phone
from core.schemas import errors


class AreaOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    active: bool

    @staticmethod
    def resolve_parent_code(a: Area) -> str | None:
        if not a.parent_id:
            return None
        # A parent's code is the child's code less its own segment: no query needed.
        parent_len = len(a.code) - level_digits(a.level) if a.level in level_names() else 0
        return a.code[:parent_len]


def _totals(a: Area) -> dict[str, int]:
    # The area's three counts in one go, kept on the instance for the three fields reading them.
    found: dict[str, int] | None = getattr(a, "_api_totals", None)
    if found is None:
        found = selectors.area_totals(a)
        a._api_totals = found  # type: ignore[attr-defined]
    return found


class AreaDetailOut(AreaOut):
    boundary: dict[str, Any] | None
    households: int
    residents: int
    buildings: int
    children: list[AreaOut]

    @staticmethod
    def resolve_households(a: Area) -> int:
        return _totals(a)["households"]

    @staticmethod
    def resolve_residents(a: Area) -> int:
        return _totals(a)["residents"]

    @staticmethod
    def resolve_buildings(a: Area) -> int:
        return _totals(a)["buildings"]

    @staticmethod
    def resolve_children(a: Area) -> list[Area]:
        return list(a.children.all())


class AreaPage(Schema):
    count: int
    page: int
    pages: int
    items: list[AreaOut]


class GridOut(AreaOut):
    # The subtree's counts, which the grid list sets on each row of its page.
    households: int
    residents: int

    @staticmethod
    def resolve_households(g: Area) -> int:
        return int(getattr(g, "subtree_households", 0))

    @staticmethod
    def resolve_residents(g: Area) -> int:
        return int(getattr(g, "subtree_residents", 0))


class GridPage(Schema):
    count: int
    page: int
    pages: int
    items: list[GridOut]


class WorkerOut(Schema):
    # A grid's posted worker (a RoleAssignment on the grid, its `area` the grid).
    name: str
    role: str
    duty: str
    phone: str

    @staticmethod
    def resolve_name(w: RoleAssignment) -> str:
        return str(w.user.name)

    @staticmethod
    def resolve_phone(w: RoleAssignment, context: dict[str, Any]) -> str:
        # In full for roles that may see personal numbers on the grid, masked for the others.
        return selectors.worker_phone(context["request"].user, w.area, w)


class BranchOut(Schema):
    id: int
    name: str
    secretary: str | None


class GridDetailOut(AreaDetailOut):
    workers: list[WorkerOut]
    branches: list[BranchOut]

    @staticmethod
    def resolve_workers(g: Area) -> list[RoleAssignment]:
        workers = selectors.grid_workers(g)
        for w in workers:
            w.area = g  # the grid at hand, for the phone's rule: no query per worker
        return workers

    @staticmethod
    def resolve_branches(g: Area) -> list[panels.GridBranch]:
        return panels.grid_branches(g)


class BuildingOut(Schema):
    code: str
    name: str
    compound: str | None
    community_code: str
    grid_code: str | None
    address: str
    lon: float
    lat: float
    floors: int
    entrances: int
    dwellings: int
    # The building's outline as a GeoJSON Polygon (lon, lat), when the register has one.
    footprint: dict[str, Any] | None

    @staticmethod
    def resolve_compound(b: Building) -> str | None:
        return b.compound.name if b.compound else None

    @staticmethod
    def resolve_community_code(b: Building) -> str:
        return b.community.code

    @staticmethod
    def resolve_grid_code(b: Building) -> str | None:
        return b.grid.code if b.grid else None

    @staticmethod
    def resolve_dwellings(b: Building) -> int:
        # The planned dwellings, which the model names `households`.
        return b.households


class BuildingDetailOut(BuildingOut):
    # Here `households` counts the registered households (Household rows), not the dwellings.
    households: int
    residents: int

    @staticmethod
    def resolve_households(b: Building) -> int:
        return Household.objects.filter(building=b).count()

    @staticmethod
    def resolve_residents(b: Building) -> int:
        return Resident.objects.filter(household__building=b).count()


class BuildingPage(Schema):
    count: int
    page: int
    pages: int
    items: list[BuildingOut]


class HouseholdOut(Schema):
    code: str
    building_code: str
    grid_code: str | None
    entrance: int
    floor: int
    room: str
    address: str

    @staticmethod
    def resolve_building_code(h: Household) -> str:
        return h.building.code

    @staticmethod
    def resolve_grid_code(h: Household) -> str | None:
        return h.grid.code if h.grid else None


class ResidentOut(Schema):
    # Phone and ID number masked for everyone.
    code: str
    name: str
    gender: str
    age: int | None
    phone: str
    id_number: str
    tags: list[str]
    is_head: bool

    @staticmethod
    def resolve_age(r: Resident) -> int | None:
        return selectors.age(r.birth_date)

    @staticmethod
    def resolve_phone(r: Resident) -> str:
        return mask_phone(r.phone)

    @staticmethod
    def resolve_id_number(r: Resident) -> str:
        return mask_id_number(r.id_number)

    @staticmethod
    def resolve_tags(r: Resident) -> list[str]:
        return list(r.tags)


class HouseholdDetailOut(HouseholdOut):
    residents: list[ResidentOut]

    @staticmethod
    def resolve_residents(h: Household) -> list[Resident]:
        return list(h.residents.order_by("-is_head", "code"))


class HouseholdPage(Schema):
    count: int
    page: int
    pages: int
    items: list[HouseholdOut]


class RevealOut(Schema):
    code: str
    phone: str
    id_number: str


class RoadOut(Schema):
    code: str
    name: str
    road_class: Literal["main", "street", "lane"]
    area_code: str
    geometry: dict[str, Any]

    @staticmethod
    def resolve_area_code(r: Road) -> str:
        return r.area.code


class RoadPage(Schema):
    count: int
    page: int
    pages: int
    items: list[RoadOut]


class WaterBodyOut(Schema):
    code: str
    name: str
    kind: Literal["river", "lake", "canal", "pond"]
    area_code: str
    geometry: dict[str, Any]

    @staticmethod
    def resolve_area_code(w: WaterBody) -> str:
        return w.area.code


class WaterBodyPage(Schema):
    count: int
    page: int
    pages: int
    items: list[WaterBodyOut]


class ServicePointOut(Schema):
    code: str
    name: str
    kind: Literal["school", "clinic", "market", "bus_stop", "party_centre", "station"]
    area_code: str
    address: str
    lon: float
    lat: float

    @staticmethod
    def resolve_area_code(p: ServicePoint) -> str:
        return p.area.code


class ServicePointPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ServicePointOut]


ERRORS = errors(400, 404)
