"""The shapes of the areas API's answers (and of its errors, `ERRORS`)."""

from __future__ import annotations

from typing import Any

from ninja import Schema

from core.schemas import errors


class AreaOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    active: bool


class AreaDetailOut(AreaOut):
    boundary: dict[str, Any] | None
    households: int
    residents: int
    buildings: int
    children: list[AreaOut]


class AreaPage(Schema):
    count: int
    page: int
    pages: int
    items: list[AreaOut]


class GridOut(AreaOut):
    households: int
    residents: int


class GridPage(Schema):
    count: int
    page: int
    pages: int
    items: list[GridOut]


class WorkerOut(Schema):
    name: str
    role: str
    duty: str
    phone: str


class BranchOut(Schema):
    id: int
    name: str
    secretary: str | None


class GridDetailOut(AreaDetailOut):
    workers: list[WorkerOut]
    branches: list[BranchOut]


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


class BuildingDetailOut(BuildingOut):
    households: int
    residents: int


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


class ResidentOut(Schema):
    code: str
    name: str
    gender: str
    age: int | None
    phone: str
    id_number: str
    tags: list[str]
    is_head: bool


class HouseholdDetailOut(HouseholdOut):
    residents: list[ResidentOut]


class HouseholdPage(Schema):
    count: int
    page: int
    pages: int
    items: list[HouseholdOut]


class RevealOut(Schema):
    code: str
    phone: str
    id_number: str


ERRORS = errors(400, 404)
