"""The one router of /api/v1/volunteering/ and the helpers its endpoints share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from ninja import Router, Status

from accounts.models import User
from areas.models import Area
from core.refusal import Refusal
from volunteering.workflow import TransitionError

router = Router(tags=["volunteering"])

ERRORS: dict[int, Any] = {}


def errors(*codes: int) -> dict[int, Any]:
    from volunteering.api.schemas import ErrorOut, ValidationOut

    out: dict[int, Any] = {code: ErrorOut for code in codes}
    out[422] = ValidationOut
    return out


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def run(fn: Callable[[], Any], ok: int, to_out: Callable[[Any], Any]) -> Status:
    """Call an action; its refusal becomes an error response and nothing is stored."""
    try:
        result = fn()
    except TransitionError as exc:
        return Status(exc.status, {"detail": exc.message})
    except Missing as exc:
        return Status(exc.code, {"detail": exc.message})
    return Status(ok, to_out(result))


class Missing(Refusal):
    """A referenced object that does not exist or the user may not see."""

    def __init__(self, message: str, code: int = 404) -> None:
        super().__init__(message, status=code)
        self.code = code


def get_or_missing(model: type[Model], pk: int | None, what: str, code: int = 400) -> Any:
    if pk is None:
        return None
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        raise Missing(f"No {what} with id {pk}.", code)
    return found


def community_by_code(code: str | None) -> Area:
    area = Area.objects.filter(code=code or "", level="community").first()
    if area is None:
        raise Missing(f"No community with code {code!r}.", 400)
    return area


def not_found() -> Status:
    return Status(404, {"detail": "Not found."})
