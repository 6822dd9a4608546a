"""Typing help for views behind login: `request.user` is a real user there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from accounts.models import User


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]
