"""The REST API under /api/v1/: token auth for apps, session auth for pages."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from accounts.models import ApiToken, hash_token
from core.memo import Memo
from core.refusal import Refusal, TooMany

TOKEN_TTL = 10.0
_tokens: Memo[ApiToken] = Memo(TOKEN_TTL, shared="api-tokens")


def forget_tokens() -> None:
    _tokens.clear()


def _load_token(digest: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest, user__is_active=True)
        .first()
    )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token is looked up by its hash. A token unused for
    LINLI_API_TOKEN_IDLE_DAYS expires, as a session does.

    A found token is kept in a per-process memo (`core.memo`, shared: a deleted token or a
    switched-off account is refused at once by the process that saved the change, by the
    others within `LINLI_SHARED_VERSION_SECONDS`, at most `TOKEN_TTL`); each request gets
    its own copy of the account, so role look-ups cached on it never outlive the request."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        digest = hash_token(token)
        found = _tokens.get(digest, lambda: _load_token(digest))
        if found is None:
            return None
        now = timezone.now()
        since = now - dt.timedelta(days=settings.LINLI_API_TOKEN_IDLE_DAYS)
        if (found.last_used or found.created) < since:
            return None
        if found.last_used is None or (now - found.last_used).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
            found.last_used = now
        user = copy.copy(found.user)
        user.__dict__.pop("_linli_assignments", None)
        request.user = user
        return user


class TokenHeaderAuth(APIKeyHeader):
    param_name = "X-Api-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return TokenAuth().authenticate(request, key or "")


UNAUTHORIZED = {
    "description": "No valid token or session",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}
BAD_REQUEST = {
    "description": "Refused input (also text that cannot be stored: a NUL or a lone surrogate)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}


class LinliAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Every operation behind authentication declares the 401 that the auth answers, and
        every operation that takes input the 400 of `linli.middleware.RefuseUnstorableText`."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("security"):
                    operation["responses"].setdefault(401, UNAUTHORIZED)
                if operation.get("parameters") or operation.get("requestBody"):
                    operation["responses"].setdefault(400, BAD_REQUEST)
        return schema


api = LinliAPI(
    title="linli API",
    version="1",
    description="Party-led grid governance: areas, registers, cases, volunteering and points.",
    urls_namespace="api",
    auth=[TokenAuth(), TokenHeaderAuth(), django_auth],
)


@api.exception_handler(Refusal)
def refused(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """The one place an action's refusal becomes an answer: `{"detail", "field"}` with its
    status (the body `core.schemas.ErrorOut` documents). Its transaction has rolled back."""
    response = api.create_response(
        request, {"detail": refusal.message, "field": refusal.field}, status=refusal.status
    )
    if isinstance(refusal, TooMany):
        response["Retry-After"] = str(refusal.retry_after)
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """A lookup's 404 answers with the same body as a refusal (django-ninja's says only
    "detail")."""
    return api.create_response(request, {"detail": "Not Found", "field": ""}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own errors (401 from the authentication) in the same body."""
    return api.create_response(request, {"detail": str(exc), "field": ""}, status=exc.status_code)


api.add_router("/accounts/", "accounts.api.router")
api.add_router("/areas/", "areas.api.router")
api.add_router("/search", "areas.api.search.router")
api.add_router("/registers/", "areas.registers.api.router")
api.add_router("/division/", "areas.division.api.router")
api.add_router("/party/", "party.api.router")
api.add_router("/activities/", "activities.api.router")
api.add_router("/fieldwork/", "fieldwork.api.router")
api.add_router("/cases/", "cases.api.router")
api.add_router("/cases/indicators/", "cases.indicators.api.router")
api.add_router("/volunteering/", "volunteering.api.router")
api.add_router("/points/", "points.api.router")
api.add_router("/dashboard/", "dashboard.api.router")
api.add_router("/inbox/", "core.api.router")


@api.get("/health", auth=None, tags=["meta"])
def health(request: HttpRequest) -> dict[str, str]:
    """A trivial endpoint: the baseline that benchmarks compare against."""
    return {"status": "ok"}


@receiver(post_save, sender=ApiToken)
@receiver(post_delete, sender=ApiToken)
@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _token_changed(**kwargs: Any) -> None:
    forget_tokens()
