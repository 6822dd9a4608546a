from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accounts import ratelimit
from accounts.actions import do_issue_token, do_unlock_login, managed_users
from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core.clientip import client_ip
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


@router.post("/token", auth=None, response={201: TokenOut, **errors(400, 401, 429)})
def obtain_token(request: HttpRequest, data: TokenIn) -> Status:
    """Exchange phone and password for a bearer token (shown once). After too many failures
    the account waits (429 with Retry-After, the message says how long; accounts.ratelimit)."""
    phone, ip = data.phone.strip(), client_ip(request)
    ratelimit.check(phone, ip)
    user = authenticate(request, phone=phone, password=data.password)
    if user is None or not user.is_active:
        ratelimit.failed(phone, ip)
        return Status(401, {"detail": _("Wrong phone number or password.")})
    ratelimit.succeeded(phone)
    key = do_issue_token(user, data.name)  # type: ignore[arg-type]
    return Status(201, {"token": key})


class UnlockOut(Schema):
    unlocked: bool


@router.post("/people/{user_id}/unlock-login", response={200: UnlockOut, **errors(404)})
def unlock_login(request: HttpRequest, user_id: int) -> dict[str, bool]:
    """Lift an account's wait after failed logins, so its owner may log in at once (audited;
    `unlocked` is false if it had none). 404 for an account the user may not manage."""
    target = get_object_or_404(managed_users(request.user), pk=user_id)
    return {"unlocked": do_unlock_login(target, actor=request.user)}


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> object:
    return request.user
