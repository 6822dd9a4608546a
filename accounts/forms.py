from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import ratelimit
from core.clientip import client_ip
from core.forms import Form, LinliFields
from core.refusal import TooMany


class PhoneLoginForm(LinliFields, AuthenticationForm):
    """Phone and password; an account waits after too many failures (accounts.ratelimit)."""

    username = forms.CharField(
        label=pgettext_lazy("account", "Phone"),
        max_length=11,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "username"}
        ),
    )
    error_messages = {
        "invalid_login": _("Wrong phone number or password."),
        "inactive": _("This account is disabled."),
    }

    def clean(self) -> dict[str, Any]:
        phone = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        ip = client_ip(self.request) if self.request else None
        if phone and password:
            try:
                ratelimit.check(phone, ip)
            except TooMany as refusal:
                raise forms.ValidationError(refusal.message, code="rate_limited") from None
            self.user_cache = authenticate(self.request, phone=phone, password=password)
            if self.user_cache is None:
                ratelimit.failed(phone, ip)
                raise self.get_invalid_login_error()
            ratelimit.succeeded(phone)
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class AdminLoginForm(PhoneLoginForm, AdminAuthenticationForm):
    """The admin site's login: the same phone login and waits, and only for admin site users
    (AdminAuthenticationForm.confirm_login_allowed)."""


class RoleFields(Form):
    """A role on an area of the manager's subtree, the area given by its code."""

    role = forms.ChoiceField(label=_("Role"))
    area = forms.CharField(
        label=_("Area code"),
        max_length=32,
        widget=forms.TextInput(attrs={"list": "area-choices", "inputmode": "numeric"}),
    )
    duty = forms.CharField(label=_("Duty"), max_length=100, required=False)

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]


class AccountForm(RoleFields):
    phone = forms.CharField(
        label=pgettext_lazy("account", "Phone"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    name = forms.CharField(label=_("Name"), max_length=50)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Tell it to the worker in person; they can change it after logging in."),
    )
    field_order = ["phone", "name", "password", "role", "area", "duty"]


class InitialPasswordForm(Form):
    password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class WorkCardForm(Form):
    """The card residents see of a posted worker: a work phone and a photo (both optional)."""

    work_phone = forms.CharField(
        label=_("Work phone"),
        max_length=11,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text=_("Published to the residents of your grids; your login phone never is."),
    )
    photo = forms.ImageField(label=_("Photo"), required=False)
    clear_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
