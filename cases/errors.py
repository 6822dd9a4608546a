"""Errors that case actions raise; pages show the message, the API maps `status` to a code."""

from __future__ import annotations

from typing import Any


class CaseError(Exception):
    """Bad input: nothing was stored (400)."""

    status = 400

    def __init__(self, message: Any, field: str = "") -> None:
        self.message = str(message)
        self.field = field
        super().__init__(self.message)


class CaseForbidden(CaseError):
    """The user may see the case but not do this to it (403)."""

    status = 403


class CaseNotFound(CaseError):
    """Not there, or outside the user's areas (404: nothing leaks)."""

    status = 404


class CaseConflict(CaseError):
    """The case moved on meanwhile (another handler won), or the transition is illegal (409)."""

    status = 409
