"""The one way an action says no: `Refusal` (message, HTTP status, field).

An action raises a refusal before (or instead of) storing anything; its transaction rolls back,
so a refused request changes nothing. The API turns any refusal into the one error body
`{"detail": message, "field": field}` with the refusal's status (one exception handler in
`linli.api`; the body is `core.schemas.ErrorOut`); endpoints call actions without catching.
Pages catch `Refusal` and call `core.http.show_refusal`, which shows the message beside the
form field it names, at the top of the form, or as a message when there is no form.

Pick the subclass by what the caller did wrong:

- `Invalid` (400): bad input; nothing was stored.
- `Forbidden` (403): the user may see the object but not do this to it.
- `NotFound` (404): not there, or outside the user's areas (nothing leaks).
- `Conflict` (409): the object's current state refuses this: it moved on meanwhile (another
  worker won), the transition is not allowed from its status, or a once-only step is done.
- `TooMany` (429): too many attempts; `retry_after` says in how many seconds to try again
  (the API sends it as Retry-After, the message says it to the reader).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self


class Refusal(Exception):
    """An action's refusal: `message` for the reader (lazy strings are read at raise time in
    the active language), the HTTP `status` it maps to, and the input `field` it concerns."""

    status: ClassVar[int] = 400

    def __init__(self, message: Any, field: str = "", *, status: int | None = None) -> None:
        self.message = str(message)
        self.field = field
        if status is not None:
            self.status = status  # type: ignore[misc]
        # Every message by the field it concerns ("" for the form as a whole); one entry unless
        # built by `on_fields`.
        self.errors: dict[str, list[str]] = {field: [self.message]}
        super().__init__(self.message)

    @classmethod
    def on_fields(cls, errors: Mapping[str, Any]) -> Self:
        """One refusal for several fields at once (a form's checks found more than one), so a
        page shows each beside its field; the API answers with the first."""
        named = {
            field: [str(m) for m in (found if isinstance(found, list | tuple) else [found])]
            for field, found in errors.items()
        }
        field, messages = next(iter(named.items()))
        refusal = cls(messages[0], field)
        refusal.errors = named
        return refusal


class Invalid(Refusal):
    """Bad input: nothing was stored (400)."""

    status = 400


class Forbidden(Refusal):
    """The user may see the object but not do this to it (403)."""

    status = 403


class NotFound(Refusal):
    """Not there, or outside the user's areas (404: nothing leaks)."""

    status = 404


class Conflict(Refusal):
    """The object's current state refuses this (409)."""

    status = 409


class TooMany(Refusal):
    """Too many attempts: try again in `retry_after` seconds (429)."""

    status = 429

    def __init__(self, message: Any, field: str = "", *, retry_after: int) -> None:
        super().__init__(message, field)
        self.retry_after = retry_after
