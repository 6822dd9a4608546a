"""The kinds of things a service circle lists, each registered by the app that keeps them.

An app above `areas` cannot be imported here, so it announces its kind at start-up:

    from areas.nearby import kinds
    kinds.register(kinds.Kind("venue", _("Venues"), venue_places, order=40))

`source(area_code)` answers the places in the area's subtree (`code__startswith`). A place
without a position of its own is placed where it is run from (a charity store at its
community's service centre) or left out; a source never answers a person's name or phone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    lon: float
    lat: float
    url: str = ""  # its page, where it has one every signed-in user may open
    note: str = ""  # e.g. "at the community's service centre" where placed by its unit


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any  # a lazy translation
    source: Callable[[str], Iterable[Place]]
    order: int = 100
    colour: str = "#475467"


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Announce a kind (again on a reload: the last registration wins)."""
    _kinds[kind.key] = kind


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def get(key: str) -> Kind | None:
    return _kinds.get(key)


def places(area_code: str, keys: Iterable[str] | None = None) -> dict[str, list[Place]]:
    """Every registered kind's places in the subtree of `area_code` (or those of `keys`)."""
    wanted = set(keys) if keys is not None else None
    return {
        k.key: list(k.source(area_code)) for k in all_kinds() if wanted is None or k.key in wanted
    }
