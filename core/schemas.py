"""The API's error bodies, declared once: every router's endpoints name the statuses they can
answer with `errors(...)`, so the OpenAPI schema documents each body once (in its components).

A refusal (`core.refusal`) becomes `ErrorOut` through the one exception handler in `linli.api`;
malformed input is django-ninja's own 422 body, `ValidationErrorOut`.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """Why the request was refused, and the input field it concerns ("" for none)."""

    detail: str
    field: str = ""


class ValidationErrorOut(Schema):
    """django-ninja's answer to input that does not match the endpoint's schema."""

    detail: list[dict[str, Any]]


REFUSALS = (400, 403, 404, 409)

ERRORS: dict[int, Any] = {**{code: ErrorOut for code in REFUSALS}, 422: ValidationErrorOut}


def errors(*codes: int) -> dict[int, Any]:
    """The error responses of an endpoint that answers `codes` (refusals or others such as 429)
    and 422 for malformed input."""
    return {**{code: ErrorOut for code in codes}, 422: ValidationErrorOut}
