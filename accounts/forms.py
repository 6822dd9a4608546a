from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts import ratelimit


class PhoneLoginForm(AuthenticationForm):
    """Phone and password, refused for a while after too many failures."""

    username = forms.CharField(
        label=_("Phone"),
        max_length=11,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "username"}
        ),
    )
    error_messages = {
        "invalid_login": _("Wrong phone number or password."),
        "inactive": _("This account is disabled."),
        "rate_limited": _("Too many failed attempts. Please try again in 15 minutes."),
    }

    def clean(self) -> dict[str, Any]:
        phone = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        ip = self.request.META.get("REMOTE_ADDR") if self.request else None
        if phone and password:
            if ratelimit.is_limited(phone, ip):
                raise forms.ValidationError(
                    self.error_messages["rate_limited"], code="rate_limited"
                )
            self.user_cache = authenticate(self.request, phone=phone, password=password)
            if self.user_cache is None:
                ratelimit.note_failure(phone, ip)
                raise self.get_invalid_login_error()
            ratelimit.clear(phone)
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
