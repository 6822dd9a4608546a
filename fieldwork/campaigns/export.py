"""A campaign's answers as an XLSX workbook: one row per household the reader sees, the
outcome, attempts, who recorded it and when, then one column per questionnaire field."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from core.timeutil import shown
from fieldwork import questionnaire
from fieldwork.campaigns.selectors import rows_of
from fieldwork.models import Campaign, Outcome


def workbook(campaign: Campaign, user: Any) -> bytes:
    fields = campaign.questionnaire
    book = Workbook(write_only=True)
    sheet = book.create_sheet(campaign.name[:31] or "campaign")
    sheet.append(
        [
            _("Household code"),
            _("Address"),
            _("Grid"),
            _("Grid worker"),
            pgettext("campaign", "Outcome"),
            _("Attempts"),
            _("Recorded by"),
            _("Recorded at"),
            _("Note"),
            *[f["label"] for f in fields],
        ]
    )
    rows = (
        rows_of(campaign, user)
        .select_related("household", "grid", "worker", "recorded_by")
        .order_by("grid__code", "household__code")
    )
    for r in rows.iterator(chunk_size=2000):
        sheet.append(
            [
                r.household.code,
                r.household.address,
                r.grid.name,
                r.worker.name if r.worker else "",
                str(Outcome(r.outcome).label),
                r.attempts,
                r.recorded_by.name if r.recorded_by else "",
                shown(r.recorded_at) if r.recorded_at else "",
                r.note,
                *[questionnaire.shown(f, r.answers.get(f["key"])) for f in fields],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
