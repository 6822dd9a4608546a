"""Credits made before the ledger kept subjects are named by a data migration after the title
of the event or wish they were for; one whose source is gone keeps its activity alone."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from points.actions import do_award_points
from points.models import LedgerEntry
from points.tests.helpers import make_rule
from volunteering.tests.test_credit_history import history
from volunteering.tests.test_events_history import attended
from volunteering.tests.test_wishes import confirmed

pytestmark = pytest.mark.django_db

migration = importlib.import_module("volunteering.migrations.0004_name_older_points_credits")


def test_it_names_older_credits_after_their_source(v, login) -> None:
    make_rule(v.world, "activity", points=5)
    make_rule(v.world, "micro_wish", points=20)
    make_rule(v.world, "volunteer_order", points=3)
    attended(v, "activity", "邻里节·百家宴")
    confirmed(v, "一个新书包")
    # An order that no longer exists cannot name its credit.
    do_award_points(v.resident, "volunteer_order", source="volunteering.order", source_id="99999")
    LedgerEntry.objects.update(subject="")  # as credited before subjects were kept
    amounts = dict(LedgerEntry.objects.values_list("pk", "amount"))

    migration.name_credits(apps, None)

    subjects = dict(LedgerEntry.objects.values_list("activity", "subject"))
    assert subjects == {
        "activity": "邻里节·百家宴",
        "micro_wish": "一个新书包",
        "volunteer_order": "",
    }
    assert dict(LedgerEntry.objects.values_list("pk", "amount")) == amounts
    client = login(v.resident)
    body, labels = history(client, "en")
    assert labels == {"邻里节·百家宴": "Activity: 邻里节·百家宴", "": "Volunteer order"}
    body, labels = history(client, "zh-hans")
    assert labels == {"邻里节·百家宴": "活动：邻里节·百家宴", "": "志愿服务订单"}
    assert "活动：邻里节·百家宴" in body
    body, labels = history(login(v.vol2_user), "en")
    assert labels == {"一个新书包": "Micro-wish: 一个新书包"}
    migration.name_credits(apps, None)  # again: nothing changes
    assert dict(LedgerEntry.objects.values_list("activity", "subject")) == subjects
