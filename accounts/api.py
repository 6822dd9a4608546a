from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accounts import ratelimit
from accounts.actions import do_issue_token
from accounts.roles import Role
from core.schemas import errors

router = Router(tags=["accounts"])


class TokenIn(Schema):
    phone: str
    password: str
    name: str = "app"


class TokenOut(Schema):
    token: str


class RoleOut(Schema):
    role: str
    role_label: str
    area_code: str
    area_name: str


class MeOut(Schema):
    id: int
    name: str
    phone: str
    roles: list[RoleOut]


@router.post("/token", auth=None, response={201: TokenOut, **errors(401, 429)})
def obtain_token(request: HttpRequest, data: TokenIn) -> Status:
    """Exchange phone and password for a bearer token (shown once)."""
    ip = request.META.get("REMOTE_ADDR")
    if ratelimit.is_limited(data.phone, ip):
        return Status(
            429, {"detail": _("Too many failed attempts. Please try again in 15 minutes.")}
        )
    user = authenticate(request, phone=data.phone, password=data.password)
    if user is None or not user.is_active:
        ratelimit.note_failure(data.phone, ip)
        return Status(401, {"detail": _("Wrong phone number or password.")})
    ratelimit.clear(data.phone)
    key = do_issue_token(user, data.name)  # type: ignore[arg-type]
    return Status(201, {"token": key})


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, object]:
    user = request.user
    labels = dict(Role.choices)
    return {
        "id": user.pk,
        "name": user.name,  # type: ignore[union-attr]
        "phone": user.phone,  # type: ignore[union-attr]
        "roles": [
            {
                "role": a.role,
                "role_label": str(labels.get(a.role, a.role)),
                "area_code": a.area.code,
                "area_name": a.area.name,
            }
            for a in user.role_assignments.select_related("area")  # type: ignore[union-attr]
        ],
    }
