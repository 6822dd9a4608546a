from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActivitiesConfig(AppConfig):
    """Venues and activities (DESIGN.md): venues (阵地) with their rooms, opening hours and
    photos, and bookings of the rooms.

    It sits above `party` (a venue is managed by a party organisation or a partner unit) and
    below `fieldwork`, `points`, `volunteering` and `cases`: a community event held at a venue
    books its room through `activities.actions.do_book_room`."""

    name = "activities"
    verbose_name = _("Venues and activities")
    nav_items = (
        (pgettext_lazy("venue", "Venues"), "activities:venues", None),
        (
            pgettext_lazy("booking", "Room bookings"),
            "activities:bookings",
            "activities.permissions.may_use_bookings",
        ),
        (_("What's near me"), "activities:circle", "activities.permissions.may_use_circle"),
    )
    home_lines: tuple[str, ...] = (
        "activities.selectors.waiting_lines",
        "activities.selectors.next_booking_lines",
    )

    def ready(self) -> None:
        from activities import workflow as _workflow  # noqa: F401  (its table)
        from activities.registers import SPECS
        from areas.registers import specs
        from core import audit_labels

        audit_labels.register(
            {
                "activities.booking.ask": _("Room booking asked for"),
                "activities.booking.approve": _("Room booking approved"),
                "activities.booking.decline": _("Room booking declined"),
                "activities.booking.cancel": _("Room booking cancelled"),
                "activities.venue.photo": _("Venue photo added"),
                "registers.update_venue": _("Venue updated by import"),
                "registers.update_room": _("Room updated by import"),
            }
        )
        for spec in SPECS:
            specs.register(spec)
        from activities.circle import sources

        sources.register()  # the venues in the 15-minute service circle
