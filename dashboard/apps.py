from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DashboardConfig(AppConfig):
    """The dashboard (DESIGN.md): the highest domain app. It reads every lower app's figures
    (cases and their indicators, visits, volunteering, points, party) and writes only its
    own: assessments with their appeals, bulletins and what an office publishes.

    Its parts are packages: `cockpit` (the map, hotspots, trends and cards per level),
    `assessment` (monthly assessment of grid workers and grids, appeals) and `bulletins`
    (monthly bulletins and the published results residents read)."""

    name = "dashboard"
    verbose_name = _("Dashboard")
    nav_items: tuple[tuple[object, str, str | None], ...] = (
        (_("Dashboard"), "dashboard:cockpit", "dashboard.permissions.may_see_cockpit"),
        (
            pgettext_lazy("dashboard", "Assessment"),
            "dashboard:assessment_index",
            "dashboard.permissions.sees_assessments",
        ),
        (
            pgettext_lazy("bulletin", "Bulletins"),
            "dashboard:bulletins",
            "dashboard.permissions.may_see_bulletins",
        ),
        (
            _("Published results"),
            "dashboard:my_results",
            "dashboard.permissions.may_see_my_results",
        ),
    )
    home_lines: tuple[str, ...] = (
        "dashboard.cockpit.home.home_lines",
        "dashboard.assessment.selectors.home_lines",
        "dashboard.bulletins.selectors.home_lines",
    )

    def ready(self) -> None:
        from dashboard.assessment import setup as assessment
        from dashboard.bulletins import setup as bulletins

        assessment.ready()
        bulletins.ready()
