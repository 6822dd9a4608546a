"""The demo's assessment: last month published, this month's draft waiting for review, one
appeal waiting, whatever moment the demo is loaded (months are Asia/Shanghai's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from dashboard.models import Appeal, AssessmentRow, MonthlyAssessment
from linli.demo import generate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("moment", "this", "last"),
    [
        ("2026-12-31T23:50:00+08:00", dt.date(2026, 12, 1), dt.date(2026, 11, 1)),
        ("2027-01-01T00:50:00+08:00", dt.date(2027, 1, 1), dt.date(2026, 12, 1)),
    ],
)
def test_it_loads_the_same_assessment_on_any_day(moment: str, this: Any, last: Any) -> None:
    with (
        time_machine.travel(dt.datetime.fromisoformat(moment), tick=False),
        translation.override(settings.LANGUAGE_CODE),
    ):
        users = generate(scale=0.002, seed=7).data["users"]
    found = dict(MonthlyAssessment.objects.values_list("month", "status"))
    assert found == {last: "published", this: "draft"}
    (appeal,) = Appeal.objects.all()
    assert (appeal.status, appeal.submitted_by, appeal.row.assessment.month) == (
        "submitted",
        users["grid_worker"],
        last,
    )
    adjusted = AssessmentRow.objects.exclude(adjustment=0)
    assert adjusted.count() == 1 and adjusted.get().reason
    published = MonthlyAssessment.objects.get(month=last)
    assert published.rows.filter(kind="worker").count() > 0
    assert published.rows.filter(kind="grid").count() > 0
