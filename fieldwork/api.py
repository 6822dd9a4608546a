"""Field work's REST API under /api/v1/fieldwork/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["fieldwork"])

# Each feature's endpoints register on the router (imported after it exists).
from fieldwork import api_pairings, api_visits  # noqa: E402, F401
from fieldwork.campaigns import api as campaigns_api  # noqa: E402, F401
from fieldwork.patrols import api as patrols_api  # noqa: E402, F401
