"""定岗网格 for a resident: the workers posted on the caller's own grid (areas.my_grid)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema, Status

from areas.api import router
from areas.api.schemas import ERRORS
from areas.my_grid import my_grid


class MyGridWorkerOut(Schema):
    name: str
    duty: str
    role: str
    grid: str
    work_phone: str
    photo_url: str


class MyGridAreaOut(Schema):
    code: str
    name: str


class MyGridOut(Schema):
    grid: MyGridAreaOut
    community: MyGridAreaOut | None
    workers: list[MyGridWorkerOut]


@router.get(
    "/my-grid",
    response={200: MyGridOut, **ERRORS},
    summary="My grid and its posted workers",
    operation_id="areas_api_my_grid",
)
def my_grid_workers(request: HttpRequest) -> Any:
    """The caller's own grid (from their resident record), its community and the workers
    posted on it: name, duty, work phone and a signed photo address. A worker's private
    phone is never given. 404 for an account with no resident record."""
    found = my_grid(request.user)
    if found.grid is None:
        return Status(404, {"detail": _("Your account has no resident record.")})
    return found
