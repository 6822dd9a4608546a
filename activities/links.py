"""What a booking is held for, told by the higher app that holds it, without activities
importing it: volunteering's community events held at a venue set the one finder from their
`AppConfig.ready`:

    links.set_held_for(finder)

`finder(bookings, user)` answers {booking id: Held(label, url)} for the bookings whose event
the user may see. Without it (volunteering not installed) a booking shows only its purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Held:
    """What a booking is for: its title and the page of it."""

    label: str
    url: str


Finder = Callable[[list[Any], Any], dict[int, Held]]
_finder: Finder | None = None


def set_held_for(finder: Finder) -> None:
    global _finder
    _finder = finder


def held_for(bookings: Iterable[Any], user: Any) -> dict[int, Held]:
    """{booking id: Held} for those of `bookings` held for something the user may see."""
    rows = list(bookings)
    if _finder is None or not rows:
        return {}
    return _finder(rows, user)
