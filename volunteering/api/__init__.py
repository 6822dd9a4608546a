"""/api/v1/volunteering/: orders, micro-wishes, the three lists, volunteers and teams."""

from volunteering.api import (  # noqa: F401  (register endpoints)
    claims,
    events,
    lists,
    orders,
    people,
    resident_posts,
    signups,
    wishes,
)
from volunteering.api.common import router

__all__ = ["router"]

from volunteering.consultation import api as consultation_api  # noqa: E402, F401
