"""Accounts given out by an office: each write checks the actor's scope and is audited.

Who may manage which account and grant which role is accounts.permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from accounts import access, ratelimit
from accounts.models import ApiToken, RoleAssignment, User, phone_validator
from accounts.permissions import fully_managed, grantable_roles, managed_q, manages
from accounts.roles import Role
from core import audit, photos
from core.masking import mask_phone
from core.refusal import Conflict, Invalid, NotFound


def managed_users(actor: Any) -> QuerySet[User]:
    """Accounts holding at least one role inside the actor's managed subtrees."""
    if access.is_admin(actor):
        return User.objects.all()
    scope = managed_q(actor, "role_assignments__area__code")
    return User.objects.filter(pk__in=User.objects.filter(scope).values("pk"))


def _check_grant(actor: Any, role: str, area: Any, user: Any = None) -> None:
    if role not in Role.values:
        raise Invalid(_("Unknown role."))
    if not manages(actor, area.code):
        raise NotFound(_("No area with this code in your part of the district."), "area")
    if role == Role.ADMIN and not access.is_admin(actor):
        raise Invalid(_("Only an administrator may grant the administrator role."))
    if role not in grantable_roles(actor, area.code):
        raise Invalid(_("You may not grant a role with more rights than your own."))
    if user is not None and user.pk == actor.pk:
        raise Invalid(_("You cannot grant a role to yourself."))


def _grant(actor: Any, user: User, role: str, area: Any, duty: str) -> RoleAssignment:
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                user=user, role=role, area=area, duty=duty[:100]
            )
    except IntegrityError:
        raise Conflict(_("The account already holds this role on this area.")) from None
    audit.record(
        actor,
        "accounts.role.grant",
        assignment,
        {"role": [None, role], "area": [None, area.code], "duty": [None, duty[:100]]},
        object_repr=f"{user} · {assignment.get_role_display()} · {area.name}",
    )
    return assignment


@transaction.atomic
def do_create_account(
    *, phone: str, name: str, password: str, role: str, area: Any, duty: str = "", actor: Any
) -> tuple[User, bool]:
    """Create a worker's account with an initial password and its first role on an area in
    the actor's subtree; the password must pass the validators. Returns (account, created).

    A phone number that already has an account is refused, unless that account holds no role
    at all (a worker who left, or moved here from another community, and whose roles were
    revoked): then it gets the role and keeps its name and password."""
    phone, name = phone.strip(), name.strip()
    _check_grant(actor, role, area)
    try:
        phone_validator(phone)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages)) from None
    if not name:
        raise Invalid(_("Enter the name."))
    existing = User.objects.select_for_update().filter(phone=phone).first()
    if existing is not None:
        if existing.is_staff or existing.is_superuser or existing.role_assignments.exists():
            raise Conflict(
                _(
                    "An account with this phone number already exists; "
                    "the office that manages it can give it a role."
                )
            )
        audit.record(
            actor,
            "accounts.user.repost",
            existing,
            {"phone": mask_phone(phone)},
            area_code=area.code,
        )
        _grant(actor, existing, role, area, duty)
        return existing, False
    user = User(phone=phone, name=name[:50])
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages)) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Conflict(_("An account with this phone number already exists.")) from None
    audit.record(
        actor,
        "accounts.user.create",
        user,
        {"phone": [None, mask_phone(phone)], "name": [None, user.name]},
        area_code=area.code,
    )
    _grant(actor, user, role, area, duty)
    return user, True


@transaction.atomic
def do_grant_role(
    user: User, *, role: str, area: Any, duty: str = "", actor: Any
) -> RoleAssignment:
    """Give an account a role on an area in the actor's subtree."""
    _check_grant(actor, role, area, user)
    User.objects.select_for_update().get(pk=user.pk)
    return _grant(actor, user, role, area, duty)


@transaction.atomic
def do_revoke_role(assignment: RoleAssignment, *, actor: Any) -> None:
    """Take a role away. Only on an area in the actor's subtree, the administrator role only
    by an administrator, and never one's own (another office does that)."""
    locked = (
        RoleAssignment.objects.select_for_update()
        .select_related("area", "user")
        .filter(pk=assignment.pk)
        .first()
    )
    if locked is None or not manages(actor, locked.area.code):
        raise NotFound(_("No such account."))
    if locked.role == Role.ADMIN and not access.is_admin(actor):
        raise Invalid(_("Only an administrator may revoke the administrator role."))
    if locked.user_id == actor.pk:
        raise Invalid(_("You cannot revoke your own role."))
    audit.record(
        actor,
        "accounts.role.revoke",
        locked,
        {"role": [locked.role, None], "area": [locked.area.code, None]},
        object_repr=f"{locked.user} · {locked.get_role_display()} · {locked.area.name}",
    )
    locked.delete()


@transaction.atomic
def do_set_password(user: User, password: str, *, actor: Any) -> None:
    """An office sets a new initial password for an account it fully manages."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not fully_managed(actor, locked):
        raise NotFound(_("No such account."))
    try:
        validate_password(password, locked)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages), "password") from None
    locked.set_password(password)
    locked.save(update_fields=["password"])
    # Whoever held the old password loses the app tokens obtained with it.
    locked.api_tokens.all().delete()
    audit.record(
        actor,
        "accounts.user.set_password",
        locked,
        {"password": _("set by an office")},
        area_code=_first_area(locked),
    )


@transaction.atomic
def do_set_active(user: User, *, active: bool, actor: Any) -> bool:
    """Deactivate (or reactivate) an account the actor fully manages; never one's own.
    A deactivated account cannot log in, its sessions end (the auth backend refuses an
    inactive user) and its app tokens are revoked. Returns whether anything changed."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not fully_managed(actor, locked):
        raise NotFound(_("No such account."))
    if locked.pk == actor.pk:
        raise Invalid(_("You cannot deactivate your own account."))
    if locked.is_active == active:
        return False
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    changes: dict[str, Any] = {"is_active": [not active, active]}
    if not active:
        revoked, _by_model = locked.api_tokens.all().delete()
        changes["api_tokens_revoked"] = revoked
    audit.record(
        actor,
        "accounts.user.activate" if active else "accounts.user.deactivate",
        locked,
        changes,
        area_code=_first_area(locked),
    )
    user.is_active = active
    return True


@transaction.atomic
def do_unlock_login(user: User, *, actor: Any) -> bool:
    """An office lifts the wait after failed logins from an account it fully manages (the
    same rule as setting its password), so its owner may log in at once; the failures counted
    against client addresses stay. Returns whether there was anything to lift (only then is
    it audited)."""
    if not fully_managed(actor, user):
        raise NotFound(_("No such account."))
    return _unlock_login(user, actor)


@transaction.atomic
def do_unlock_login_at_the_server(user: User) -> bool:
    """The same, by the server's operator (`manage.py unlock_login`): for an account no office
    may unlock, such as the only administrator's."""
    return _unlock_login(user, None)


def _unlock_login(user: User, actor: Any) -> bool:
    count = ratelimit.failures(user.phone).count
    if not count:
        return False
    audit.record(
        actor,
        "accounts.user.unlock_login",
        user,
        {"failed_logins": [count, 0]},
        area_code=_first_area(user),
    )
    ratelimit.succeeded(user.phone)
    return True


@transaction.atomic
def do_issue_token(user: User, name: str) -> str:
    """An app token for a user who has just given their password; the key is returned once
    (only its hash is stored). Issuing one is audited like any other credential change."""
    token, key = ApiToken.issue(user, name[:100])
    audit.record(
        user,
        "accounts.token.issue",
        token,
        {"name": [None, token.name]},
        object_repr=f"{token.name} ({user})",
        area_code=_first_area(user),
    )
    return key


def _first_area(user: User) -> str:
    code = user.role_assignments.order_by("area__code").values_list("area__code", flat=True).first()
    return code or ""


def record_password_change(user: User) -> None:
    """Audit a user changing their own password (the form has already saved it); app tokens
    obtained with the old password stop working, as other sessions do."""
    user.api_tokens.all().delete()
    audit.record(
        user,
        "accounts.user.change_password",
        user,
        {"password": _("changed by the user")},
        area_code=_first_area(user),
    )


def area_model() -> type[Model]:
    """The model a role is held on, through the assignment's FK: accounts sits below areas
    and never imports it (tests/test_layers.py)."""
    model = RoleAssignment._meta.get_field("area").related_model
    assert isinstance(model, type)
    return model


def find_area(actor: Any, code: str) -> Any:
    """The active area with `code` if it lies in the actor's managed subtree, else None."""
    code = code.strip()
    if not code.isdigit() or not manages(actor, code):
        return None
    return area_model()._default_manager.filter(code=code, active=True).first()


def area_choices(actor: Any, limit: int = 500) -> QuerySet[Any]:
    """Areas the actor may grant roles on, for the form's suggestions."""
    q = Q(active=True) & managed_q(actor, "code")
    areas = area_model()._default_manager.filter(q).order_by("code")
    return areas.only("code", "name", "level")[:limit]


@transaction.atomic
def do_set_work_card(
    user: User, *, work_phone: str, photo: Any = None, clear_photo: bool = False, actor: Any
) -> User:
    """Set the card residents see of a posted worker (定岗网格): the work phone published on
    purpose and a photo. The account's owner or an office that fully manages it may."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.pk != actor.pk and not fully_managed(actor, locked):
        raise NotFound(_("No such account."))
    work_phone = work_phone.strip()
    if work_phone:
        try:
            phone_validator(work_phone)
        except ValidationError:
            raise Invalid(
                _("Enter an 11-digit mobile number starting with 1."), "work_phone"
            ) from None
    changes: dict[str, Any] = {}
    if work_phone != locked.work_phone:
        changes["work_phone"] = [locked.work_phone, work_phone]
        locked.work_phone = work_phone
    if photo is not None:
        content = photos.prepare(photo, name="card").content  # no EXIF: a worker's photo
        changes["photo"] = _("replaced")
        locked.photo.save(content.name or "card.jpg", content, save=False)
    elif clear_photo and locked.photo:
        changes["photo"] = _("removed")
        locked.photo = ""  # type: ignore[assignment]
    if changes:
        locked.save(update_fields=["work_phone", "photo"])
        audit.record(
            actor, "accounts.user.work_card", locked, changes, area_code=_first_area(locked)
        )
    return locked
