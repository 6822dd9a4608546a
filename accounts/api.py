from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accounts import ratelimit
from accounts.actions import do_issue_token
from accounts.models import RoleAssignment, User
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

    @staticmethod
    def resolve_role_label(a: RoleAssignment) -> str:
        return str(dict(Role.choices).get(a.role, a.role))

    @staticmethod
    def resolve_area_code(a: RoleAssignment) -> str:
        return a.area.code

    @staticmethod
    def resolve_area_name(a: RoleAssignment) -> str:
        return a.area.name


class MeOut(Schema):
    id: int
    name: str
    phone: str
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(user: User) -> list[RoleAssignment]:
        return list(user.role_assignments.select_related("area"))


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
def me(request: HttpRequest) -> object:
    return request.user
