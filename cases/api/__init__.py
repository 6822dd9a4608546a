"""REST API for cases under /api/v1/cases/: every action of the loop, with declared errors.

Errors: 400 bad input, 403 not allowed, 404 not there (or outside the user's areas),
409 a conflict (illegal transition, or another user acted first), 422 a malformed body.
"""

from cases.api import disputes as _disputes  # noqa: F401  (its routes join the router)
from cases.api.endpoints import router

__all__ = ["router"]
