from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "party"
    verbose_name = _("Party organisations")
    nav_items = (
        (
            _("Party"),
            "party:index",
            ("party_secretary", "community_staff", "subdistrict_staff", "district_staff", "admin"),
        ),
    )
