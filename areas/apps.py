from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "areas"
    verbose_name = _("Areas and registers")
    nav_items = (
        (
            _("Areas"),
            "areas:browse",
            "areas.permissions.may_browse",
        ),
    )
    header_search = ("areas:search", "areas.permissions.may_search")

    def ready(self) -> None:
        from areas import location  # noqa: F401  (forgets the district's extent on change)
        from areas.nearby import circle, sources

        circle.forget_networks()  # and, imported, forgets them whenever a road changes
        sources.register()  # the service points' kinds in the service circle
        from core import audit_labels

        audit_labels.register(
            {
                "areas.building.update": _("Building record changed"),
                "areas.household.update": _("Household record changed"),
                "areas.resident.update": _("Resident record changed"),
                "areas.resident.reveal_personal": _("Full phone and ID number viewed"),
            }
        )
