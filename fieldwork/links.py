"""What a higher app offers from a visit, without fieldwork importing it.

A visit raises a case (`cases`) or a need (`volunteering`); both apps sit above fieldwork, so
each holds the link (`Case.visit`, `Need.visit`) and registers, from its `AppConfig.ready`, a
function `(user, visit) -> list[VisitLink]`: the steps it offers from the visit ("open a
case", already linked to the household) and what it already made from it.

    links.register(views.visit_links)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class VisitLink:
    label: str
    url: str
    made: bool = False  # True: something made from the visit (a case); False: a step offered


_providers: list[Callable[[Any, Any], list[VisitLink]]] = []


def register(provider: Callable[[Any, Any], list[VisitLink]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def for_visit(user: Any, visit: Any) -> list[VisitLink]:
    return [link for provider in _providers for link in provider(user, visit)]
