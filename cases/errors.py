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
    """The case's current state refuses this (409): it moved on meanwhile (another handler
    won), the transition is illegal, or a once-only step (a rating, "me too", an agreement)
    is already done. Bad input is a CaseError (400)."""

    status = 409
