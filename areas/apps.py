from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "areas"
    verbose_name = _("Areas and registers")
    nav_items = (
        (
            _("Areas"),
            "areas:browse",
            (
                "grid_worker",
                "grid_worker_part",
                "grid_head",
                "building_head",
                "community_staff",
                "subdistrict_staff",
                "district_staff",
                "party_secretary",
                "admin",
            ),
        ),
    )
