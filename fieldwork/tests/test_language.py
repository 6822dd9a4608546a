"""Field work's pages speak Chinese: no English word on them in zh-hans."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine

from fieldwork.actions import do_check_in, do_launch_campaign, do_start_patrol
from fieldwork.models import CampaignHousehold
from tests.i18n import english_words, visible_text

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_it_shows_field_work_pages_in_chinese(world: Any, login: Any, spot: Any) -> None:
    worker, staff = world.users["grid_worker"], world.users["community_staff"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    do_check_in(patrol, spot, lon=120.63, lat=28.012, actor=worker)
    campaign = do_launch_campaign(
        name="敲门行动",
        area=world.east,
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 11, 30),
        actor=staff,
    )
    row = CampaignHousehold.objects.filter(campaign=campaign).first()
    assert row is not None
    pages = {
        worker: [
            "/fieldwork/patrols/",
            f"/fieldwork/patrols/{patrol.pk}/",
            "/fieldwork/campaigns/",
            "/fieldwork/campaigns/mine/",
            f"/fieldwork/campaigns/{campaign.pk}/",
            f"/fieldwork/campaigns/{campaign.pk}/households/{row.pk}/",
        ],
        staff: ["/fieldwork/patrols/", "/fieldwork/campaigns/", "/cases/indicators/"],
    }
    for user, urls in pages.items():
        client = login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            # The questionnaire's JSON (keys such as "presence") is data, not words.
            text = re.sub(r"\[.*\]", "", visible_text(response), flags=re.S)
            assert english_words(text) == set(), (url, english_words(text))
