from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    """Field work (DESIGN.md): household visits, patrols, screening campaigns and pairings.

    It sits above `party` (a pairing names a party member) and below `points`, `volunteering`
    and `cases`: a visit that raises a case or a need is linked from the higher app."""

    name = "fieldwork"
    verbose_name = _("Field work")
    nav_items: tuple[tuple[object, str, str | None], ...] = (
        (_("Visits"), "fieldwork:visits", "fieldwork.permissions.may_see_visits"),
        (_("Patrols"), "fieldwork:patrols", "fieldwork.permissions.may_follow"),
        (_("Screening campaigns"), "fieldwork:campaigns", "fieldwork.permissions.may_follow"),
    )
    home_lines: tuple[str, ...] = (
        "fieldwork.selectors.home.visits_due",
        "fieldwork.selectors.home.pairings_due",
        "fieldwork.patrols.selectors.home_running",
        "fieldwork.campaigns.selectors.home_to_reach",
    )

    def ready(self) -> None:
        from areas import panels
        from areas.registers import specs
        from core import audit_labels
        from fieldwork import workflow as _workflow  # noqa: F401  (its tables)
        from fieldwork.registers import KeySpotSpec
        from fieldwork.selectors.pairings import looks_after

        audit_labels.register(
            {
                "fieldwork.visit.record": _("Household visit recorded"),
                "fieldwork.ledger.export": _("Visit ledger exported"),
                "fieldwork.pairing.make": _("Pairing made"),
                "fieldwork.pairing.end": _("Pairing ended"),
                "fieldwork.patrol.start": _("Patrol started"),
                "fieldwork.patrol.check_in": _("Checked in at a key spot"),
                "fieldwork.patrol.end": _("Patrol ended"),
                "fieldwork.campaign.launch": _("Screening campaign launched"),
                "fieldwork.campaign_household.reach": _("Campaign household reached"),
                "fieldwork.campaign_household.away": _("Campaign household not at home"),
                "fieldwork.campaign_household.refuse": _("Campaign household refused"),
                "fieldwork.campaign_household.vacant": _("Campaign household vacant"),
            }
        )
        panels.set_household_carers(looks_after)
        specs.register(KeySpotSpec())
