"""The dashboard's REST API under /api/v1/dashboard/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["dashboard"])

# Each part's endpoints register on the router (imported after it exists).
from dashboard.assessment import api as _assessment_api  # noqa: E402, F401
from dashboard.bulletins import api as _bulletins  # noqa: E402, F401
from dashboard.cockpit import api as cockpit_api  # noqa: E402, F401
