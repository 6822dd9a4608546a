from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import STAFF


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = _("Points and charity store")
    nav_items = (
        (_("My points"), "points:mine", None),
        (_("Charity store"), "points:store", None),
        (_("Points admin"), "points:manage", tuple(STAFF)),
    )
