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
    )
    home_lines: tuple[str, ...] = (
        "fieldwork.selectors.home.visits_due",
        "fieldwork.selectors.home.pairings_due",
    )

    def ready(self) -> None:
        from areas import panels
        from core import audit_labels
        from fieldwork.selectors.pairings import looks_after

        audit_labels.register(
            {
                "fieldwork.visit.record": _("Household visit recorded"),
                "fieldwork.ledger.export": _("Visit ledger exported"),
                "fieldwork.pairing.make": _("Pairing made"),
                "fieldwork.pairing.end": _("Pairing ended"),
            }
        )
        panels.set_household_carers(looks_after)
