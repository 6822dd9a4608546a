"""The demo publishes last month's bulletin of every subdistrict and community, with typical
cases carrying a before and an after photo, the same rows on any day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from areas.models import Area
from cases.models import CasePhoto
from core.timeutil import SHANGHAI
from dashboard.bulletins.models import Bulletin, TypicalCase
from linli.demo import generate

pytestmark = pytest.mark.django_db


def _load(when: dt.datetime) -> dict[str, Any]:
    with time_machine.travel(when, tick=False), translation.override(settings.LANGUAGE_CODE):
        users = generate(scale=0.002, seed=7).data["users"]
    return users


def _shape() -> dict[str, Any]:
    return {
        "bulletins": sorted(Counter(Bulletin.objects.values_list("status", "area__level")).items()),
        "typical": TypicalCase.objects.count(),
        "photos": sorted(Counter(CasePhoto.objects.values_list("stage", flat=True)).items()),
    }


NEW_YEARS_EVE = dt.datetime(2026, 12, 31, 23, 50, tzinfo=SHANGHAI)  # 15:50 UTC
FIRST_OF_MONTH = dt.datetime(2027, 1, 1, 0, 50, tzinfo=SHANGHAI)


class _Rollback(Exception):
    pass


def test_it_publishes_last_months_bulletins_with_photos_the_same_on_any_day(client) -> None:
    from django.db import transaction

    try:
        with transaction.atomic():
            users = _load(NEW_YEARS_EVE)
            areas = Area.objects.filter(level__in=["subdistrict", "community"], active=True)
            published = Bulletin.objects.filter(status="published", month=dt.date(2026, 11, 1))
            assert set(published.values_list("area_id", flat=True)) == set(
                areas.values_list("pk", flat=True)
            )
            shown = TypicalCase.objects.filter(bulletin__in=published)
            assert shown.exclude(before=None).exclude(after=None).exists()
            with time_machine.travel(NEW_YEARS_EVE, tick=False):
                client.force_login(users["resident"])
                page = client.get("/dashboard/results/", follow=True)
            assert page.status_code == 200
            assert 'data-photo="after"' in page.content.decode()
            expected = _shape()
            raise _Rollback
    except _Rollback:
        pass
    _load(FIRST_OF_MONTH)  # a new month and a new year: December's bulletins
    assert Bulletin.objects.filter(status="published", month=dt.date(2026, 12, 1)).exists()
    assert _shape() == expected
