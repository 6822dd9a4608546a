"""The REST API under /api/v1/: token auth for apps, session auth for pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from accounts.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token is looked up by its hash."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used is None or (now - found.last_used).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        return found.user


class TokenHeaderAuth(APIKeyHeader):
    param_name = "X-Api-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return TokenAuth().authenticate(request, key or "")


api = NinjaAPI(
    title="linli API",
    version="1",
    description="Party-led grid governance: areas, registers, cases, volunteering and points.",
    urls_namespace="api",
    auth=[TokenAuth(), TokenHeaderAuth(), django_auth],
)

api.add_router("/accounts/", "accounts.api.router")
api.add_router("/areas/", "areas.api.router")
api.add_router("/registers/", "areas.registers.api.router")
api.add_router("/division/", "areas.division.api.router")
api.add_router("/party/", "party.api.router")
api.add_router("/cases/", "cases.api.router")
api.add_router("/cases/indicators/", "cases.indicators.api.router")
api.add_router("/volunteering/", "volunteering.api.router")
api.add_router("/points/", "points.api.router")


@api.get("/health", auth=None, tags=["meta"])
def health(request: HttpRequest) -> dict[str, str]:
    """A trivial endpoint: the baseline that benchmarks compare against."""
    return {"status": "ok"}
