from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Case indicators per area and period (a sub-app of cases)."""

    name = "cases.indicators"
    label = "indicators"
    verbose_name = _("Case indicators")
    nav_items = (
        (_("Case indicators"), "indicators:index", "cases.indicators.permissions.may_see"),
    )
