"""The API's error bodies, declared once: every router's endpoints name the statuses they can
answer with `errors(...)`, so the OpenAPI schema documents each body once (in its components).

A refusal (`core.refusal`) becomes `ErrorOut` through the one exception handler in `linli.api`;
malformed input is django-ninja's own 422 body, `ValidationErrorOut`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ninja import Schema
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema


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


class OneOf:
    """A string that must be one of `values()`, read when a request is validated and when the
    schema is written, so values that depend on the deployment's settings (the area levels)
    stay true: `level: Annotated[str, OneOf(level_names)]`. The OpenAPI schema lists them as
    an enum; ninja answers any other value with its 422."""

    def __init__(self, values: Callable[[], Iterable[str]]) -> None:
        self.values = values

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        def check(value: str) -> str:
            allowed = list(self.values())
            if value not in allowed:
                raise ValueError(f"must be one of: {', '.join(allowed)}")
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        return {**handler(schema), "enum": list(self.values())}
