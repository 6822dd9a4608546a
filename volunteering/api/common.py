"""The one router of /api/v1/volunteering/ and the helpers its endpoints share; a refusal is
answered by the API's one handler (`linli.api`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from ninja import Router

from accounts.models import User
from areas.models import Area
from core.refusal import Invalid, NotFound, Refusal

router = Router(tags=["volunteering"])


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def get_or_missing(model: type[Model], pk: int | None, what: str, code: int = 400) -> Any:
    if pk is None:
        return None
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        raise Refusal(f"No {what} with id {pk}.", status=code)
    return found


def community_by_code(code: str | None) -> Area:
    area = Area.objects.filter(code=code or "", level="community").first()
    if area is None:
        raise Invalid(f"No community with code {code!r}.")
    return area


def not_found() -> NotFound:
    """The refusal for an object that is not there or that the user may not see."""
    return NotFound("Not found.")
