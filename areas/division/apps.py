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
            ("community_staff", "subdistrict_staff", "district_staff", "admin"),
        ),
    )
