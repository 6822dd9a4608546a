from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

_STAFF = (
    Role.GRID_HEAD,
    Role.COMMUNITY_STAFF,
    Role.SUBDISTRICT_STAFF,
    Role.DISTRICT_STAFF,
    Role.PARTY_SECRETARY,
    Role.ADMIN,
)


class IndicatorsConfig(AppConfig):
    """Case indicators per area and period (a sub-app of cases)."""

    name = "cases.indicators"
    label = "indicators"
    verbose_name = _("Case indicators")
    nav_items = ((_("Case indicators"), "indicators:index", _STAFF),)
