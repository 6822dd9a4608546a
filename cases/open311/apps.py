from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    """Open311 GeoReport v2 under /open311/v2/ and its API keys (a sub-app of cases)."""

    name = "cases.open311"
    label = "open311"
    verbose_name = _("Open311")

    def ready(self) -> None:
        from core import audit_labels

        audit_labels.register(
            {
                "open311.issue_key": _("Open311 API key issued"),
                "open311.key_active": _("Open311 API key switched on or off"),
            }
        )
        from cases.open311 import signals  # noqa: F401
