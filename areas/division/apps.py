from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DivisionConfig(AppConfig):
    """Grid division and re-division with approval (a sub-app of areas)."""

    name = "areas.division"
    label = "division"
    verbose_name = _("Grid division")
    nav_items = (
        (
            _("Grid division"),
            "division:index",
            "areas.division.permissions.may_divide",
        ),
    )
    home_lines = ("areas.division.selectors.home_lines",)

    def ready(self) -> None:
        from core import audit_labels

        audit_labels.register(
            {
                "division.plan_drafted": _("Division plan drafted"),
                "division.plan_reviewed": _("Division plan reviewed by a community"),
                "division.plan_status": _("Division plan status changed"),
                "division.plan_applied": _("Division plan applied"),
                "division.microgrids_built": _("Micro-grids built"),
            }
        )
        audit_labels.register_fields(
            "division.divisionplan",
            {"bounds": _("Households per grid"), "grids": _("Grids")},
        )
