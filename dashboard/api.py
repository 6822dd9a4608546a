"""The dashboard's REST API under /api/v1/dashboard/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["dashboard"])

# Each part's endpoints register on the router (imported after it exists).
from dashboard.bulletins import api as _bulletins  # noqa: E402, F401
