"""The indicators page's field work card: patrols per area of the table in the period, and the
progress ("不漏一户") of the campaigns running or lately ended over the area. Read from
`fieldwork`'s selectors (below cases)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cases.indicators.compute import Report
from fieldwork.campaigns import selectors as campaigns
from fieldwork.patrols import selectors as patrols


def card(report: Report, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    codes = [r.code for r in report.rows]
    counts = patrols.counts_by_area([report.area.code, *codes], start, end)
    return {
        "patrols": [(r.name, counts.get(r.code, 0)) for r in report.rows],
        "patrols_total": counts[report.area.code],
        "campaigns": campaigns.progress_by_area(report.area.code),
    }
