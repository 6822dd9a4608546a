"""Users log in with a phone number; roles are held on areas.

accounts sits below areas (DESIGN.md) and never imports it. Its one link up is data: a
user's resident record and the area a role is held on are foreign keys named by string;
accounts reaches areas' rows only through them (and through `core.signals` payloads).
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import Role
from core.media import RandomName

phone_validator = RegexValidator(
    r"^1\d{10}$", _("Enter an 11-digit mobile number starting with 1.")
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **extra: object) -> User:
        if not phone:
            raise ValueError("A phone number is required.")
        user = self.model(phone=phone, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    phone = models.CharField(
        pgettext_lazy("account", "phone"), max_length=11, unique=True, validators=[phone_validator]
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(pgettext_lazy("account", "joined"), default=timezone.now)
    resident = models.OneToOneField(
        "areas.Resident",
        verbose_name=_("resident record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    # 定岗网格's published card: a work phone given out on purpose (the login phone never is)
    # and a photo, both shown to the residents of the grids the user is posted on.
    work_phone = models.CharField(
        _("work phone"), max_length=11, blank=True, validators=[phone_validator]
    )
    photo = models.ImageField(_("photo"), upload_to=RandomName("staff"), blank=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return f"{self.name} ({self.phone[:3]}****{self.phone[-4:]})"

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    def role_names(self) -> list[str]:
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = list(self.role_assignments.values_list("role", flat=True).distinct())
            self._role_names = cached
        return cached


class RoleAssignment(models.Model):
    """(user, role, area): the role acts within the area's subtree."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    duty = models.CharField(_("duty"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "area"], name="unique_role_on_area")
        ]

    def __str__(self) -> str:
        return f"{self.user.name} · {self.get_role_display()} · {self.area}"


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for apps; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.user.name})"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_token(key)), key
