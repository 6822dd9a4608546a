"""Field work's REST API under /api/v1/fieldwork/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["fieldwork"])

# Each feature's endpoints register on the router (imported after it exists).
from fieldwork import api_pairings, api_visits  # noqa: E402, F401
