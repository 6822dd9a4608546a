"""The old names of the case refusals, now the one refusal type of `core.refusal` (pages and
the API catch `Refusal`; these names go once nothing imports them)."""

from __future__ import annotations

from core.refusal import Conflict, Forbidden, NotFound, Refusal

CaseError = Refusal  # bad input: nothing was stored (400)
CaseForbidden = Forbidden  # the user may see the case but not do this to it (403)
CaseNotFound = NotFound  # not there, or outside the user's areas (404: nothing leaks)
CaseConflict = Conflict  # the case's state refuses this (409)

__all__ = ["CaseConflict", "CaseError", "CaseForbidden", "CaseNotFound"]
