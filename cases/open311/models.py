"""API keys for Open311 clients, the attributes a service asks for, and what a client sent."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(24)


class ApiKey(models.Model):
    """An Open311 client's key; only its hash is stored. Reports sent with it are made as
    `user` and, when `area` is set, must lie inside that area."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key starts with"), max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reports made as"),
        on_delete=models.PROTECT,
        related_name="open311_keys",
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("area served"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty to accept reports anywhere in the district."),
    )
    active = models.BooleanField(pgettext_lazy("enabled", "active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Datatype(models.TextChoices):
    STRING = "string", _("Text (one line)")
    NUMBER = "number", pgettext_lazy("datatype", "Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Text (several lines)")
    SINGLEVALUELIST = "singlevaluelist", _("One choice from a list")
    MULTIVALUELIST = "multivaluelist", _("Several choices from a list")


class ServiceAttribute(models.Model):
    """A question a service (a case category) asks an Open311 client: `metadata=true`."""

    category = models.ForeignKey(
        "cases.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="open311_attributes",
    )
    code = models.SlugField(_("code"), max_length=50)
    description = models.CharField(_("question"), max_length=200)
    datatype = models.CharField(
        _("datatype"), max_length=20, choices=Datatype.choices, default=Datatype.STRING
    )
    datatype_description = models.CharField(_("datatype description"), max_length=200, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # False: an informational line shown to the reporter, not a question.
    variable = models.BooleanField(_("answered by the reporter"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    # [{"key": "...", "name": "..."}] for the list datatypes.
    values = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        verbose_name = _("service attribute")
        verbose_name_plural = _("service attributes")
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="one_attribute_code_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category.code}/{self.code}"

    def choice_keys(self) -> list[str]:
        return [str(v.get("key")) for v in self.values if isinstance(v, dict)]


class Open311Request(models.Model):
    """What an Open311 client sent with a case: the key, the token and the contact details.
    The contact details are personal data: never returned by the Open311 endpoints."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="open311", primary_key=True
    )
    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="requests")
    token = models.CharField(max_length=40, unique=True)
    attributes = models.JSONField(default=dict, blank=True)
    email = models.EmailField(blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    first_name = models.CharField(max_length=50, blank=True)
    last_name = models.CharField(max_length=50, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")

    def __str__(self) -> str:
        return f"{self.case_id} {self.token}"
