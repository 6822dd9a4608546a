"""What scores an automatic item: a registry of measures, each a yearly figure per branch.

A measure is registered once, at start-up, by the app that holds its data: party registers
organisational-life compliance here; volunteering (a higher app, which party never imports)
registers members' service hours and micro-wishes fulfilled in its `AppConfig.ready`. A
criterion names a measure by its key; the assessment measures it at submission.

`compute(branches, year)` answers {branch pk: value} for every branch given, in one or a few
queries; the year is a calendar year of Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any  # lazy text
    unit: Any  # lazy text: "%", "hours per member", ...
    compute: Callable[[Sequence[Any], int], dict[int, Decimal]]


_measures: dict[str, Measure] = {}


def register(measure: Measure) -> None:
    _measures[measure.key] = measure


def names() -> list[str]:
    return sorted(_measures)


def get(key: str) -> Measure:
    return _measures[key]


def all_measures() -> list[Measure]:
    return [_measures[k] for k in names()]


def label(key: str) -> str:
    found = _measures.get(key)
    return str(found.label) if found else key


def unit(key: str) -> str:
    found = _measures.get(key)
    return str(found.unit) if found else ""


LIFE = "life_compliance"


def life_compliance(branches: Sequence[Any], year: int) -> dict[int, Decimal]:
    """组织生活: the share (%) of the branch's obligations in `year` whose period has ended
    that were held on time (late and missing ones count against it). None ended: 0."""
    from party.life import selectors
    from party.life.selectors import Status

    rows = selectors.compliance(branches, day=dt.date(year, 12, 31), n=12)
    ended: dict[int, list[str]] = {b.pk: [] for b in branches}
    for r in rows:
        if r.period.start.year == year and r.status != Status.DUE:
            ended[r.organisation.pk].append(r.status)
    found: dict[int, Decimal] = {}
    for pk, statuses in ended.items():
        held = sum(1 for s in statuses if s == Status.HELD)
        found[pk] = (
            (Decimal(held) * 100 / len(statuses)).quantize(Decimal("0.01"))
            if statuses
            else Decimal(0)
        )
    return found


COMMITMENTS = "commitments_kept"


def commitments_kept(branches: Sequence[Any], year: int) -> dict[int, Decimal]:
    """承诺践诺: the share (%) of the branch's commitments for `year` (its own and its
    members') that were fulfilled, the figure `party.commitments.selectors.figures` answers
    (达成率). None made: 0."""
    from party.commitments.selectors import figures_of

    found: dict[int, Decimal] = {}
    for pk, fig in figures_of(branches, year).items():
        found[pk] = (
            (Decimal(fig.fulfilled) * 100 / fig.made).quantize(Decimal("0.01"))
            if fig.made
            else Decimal(0)
        )
    return found


register(Measure(LIFE, _("Organisational life held on time"), "%", life_compliance))
register(Measure(COMMITMENTS, _("Commitments fulfilled"), "%", commitments_kept))
