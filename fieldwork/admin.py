"""Field work's back office: each part registers its own admin."""

from fieldwork.campaigns import admin as campaigns_admin  # noqa: F401
from fieldwork.patrols import admin as patrols_admin  # noqa: F401
