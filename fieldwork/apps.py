from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    """Field work (DESIGN.md): household visits, patrols, screening campaigns and pairings.

    It sits above `party` (a pairing names a party member) and below `points`, `volunteering`
    and `cases`: a visit that raises a case or a need is linked from the higher app."""

    name = "fieldwork"
    verbose_name = _("Field work")
    nav_items: tuple[tuple[object, str, str | None], ...] = ()
    home_lines: tuple[str, ...] = ()
