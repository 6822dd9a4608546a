"""Cases' figure for party star rating (`party.stars.measures`), registered in
`CasesConfig.ready`: party, a lower app, never reads cases itself.

- cases_on_time (接诉即办): the on-time closure rate (%) of the cases due in the year on the
  branch's area, by the indicators' own definitions (`cases.indicators.compute`: due, closed
  by the deadline). No case due: 0.

Years are Asia/Shanghai's, as the indicators' periods are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from cases.indicators.compute import compute
from core.timeutil import SHANGHAI
from party.stars.measures import Measure, register


def cases_on_time(branches: Sequence[Any], year: int) -> dict[int, Decimal]:
    start = dt.datetime(year, 1, 1, tzinfo=SHANGHAI)
    end = dt.datetime(year + 1, 1, 1, tzinfo=SHANGHAI)
    found: dict[int, Decimal] = {}
    for branch in branches:
        total = compute(branch.area, start, end).total
        found[branch.pk] = (
            (Decimal(total.on_time) * 100 / total.due).quantize(Decimal("0.01"))
            if total.due
            else Decimal(0)
        )
    return found


def register_measures() -> None:
    register(Measure("cases_on_time", _("Cases closed on time"), "%", cases_on_time))
