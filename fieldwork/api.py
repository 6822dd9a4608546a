"""Field work's REST API under /api/v1/fieldwork/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["fieldwork"])
