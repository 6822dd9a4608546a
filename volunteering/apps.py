from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_STAFF = (
    "community_staff",
    "subdistrict_staff",
    "district_staff",
    "party_secretary",
    "admin",
)


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Volunteer services")
    nav_items = (
        (_("Service menu"), "volunteering:menu", ("resident",)),
        (_("My orders"), "volunteering:my_orders", ("resident",)),
        (_("Take orders"), "volunteering:open", ("volunteer",)),
        (_("My service hours"), "volunteering:hours", ("volunteer", "resident")),
        (_("Wish wall"), "volunteering:wishes", None),
        (_("Volunteer services"), "volunteering:staff", _STAFF),
    )
