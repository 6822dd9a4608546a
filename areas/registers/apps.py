from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    """Import and export of the area registers (a sub-app of areas)."""

    name = "areas.registers"
    label = "registers"
    verbose_name = _("Registers")
    nav_items = ((_("Registers"), "registers:index", "areas.registers.permissions.may_use"),)

    def ready(self) -> None:
        from core import audit_labels

        audit_labels.register(
            {
                "registers.import": _("Register imported"),
                "registers.export": _("Register exported"),
                "registers.update_cross_appointments": _("Cross-appointments updated by import"),
            }
        )
