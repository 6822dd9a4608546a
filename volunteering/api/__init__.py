"""/api/v1/volunteering/: orders, micro-wishes, the three lists, volunteers and teams."""

from volunteering.api import events, lists, orders, people, wishes  # noqa: F401  (register endpoints)
from volunteering.api.common import router

__all__ = ["router"]
