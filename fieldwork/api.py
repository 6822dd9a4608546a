"""Field work's REST API under /api/v1/fieldwork/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["fieldwork"])

# Patrols and screening campaigns register their endpoints on this router.
from fieldwork.campaigns import api as campaigns_api  # noqa: E402, F401
from fieldwork.patrols import api as patrols_api  # noqa: E402, F401
