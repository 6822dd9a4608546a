from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = _("Points and charity store")
    nav_items = (
        (_("My points"), "points:mine", None),
        (_("Charity store"), "points:store", None),
        (_("Points admin"), "points:manage", "points.permissions.is_points_staff"),
    )
    home_lines = ("points.selectors.home_lines",)

    def ready(self) -> None:
        from core import audit_labels

        audit_labels.register(
            {
                "points.adjust": _("Points adjusted"),
                "points.award": _("Points awarded"),
                "points.expire": _("Points expired"),
                "points.redeem": _("Item redeemed"),
                "points.cancel": _("Redemption cancelled"),
                "points.pickup": _("Redemption picked up"),
                "points.item.create": _("Store item added"),
                "points.item.update": _("Store item changed"),
                "points.item.restock": _("Store item restocked"),
                "points.rule.create": _("Points rule added"),
                "points.rule.update": _("Points rule changed"),
                "points.rule.deactivate": _("Points rule switched off"),
                "points.store.create": _("Store opened"),
                "points.store.update": _("Store changed"),
            }
        )
        from points import circle

        circle.register()  # the charity stores in the 15-minute service circle
