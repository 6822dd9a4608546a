"""What the system stores for others to read later is in the site's language, whoever wrote."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.models import RoleAssignment
from core import audit
from tests.i18n import english_words

pytestmark = pytest.mark.django_db


def test_it_names_an_audited_object_in_the_sites_language(world):
    assignment = RoleAssignment.objects.filter(user=world.users["grid_worker"]).get()
    with translation.override("en"):
        assert "Grid worker" in str(assignment)
        entry = audit.record(world.users["admin"], "accounts.role.grant", assignment, {})
    assert "专职网格员" in entry.object_repr and english_words(entry.object_repr) == set()


def test_it_writes_a_notification_in_the_sites_language_whoever_acted(world):
    from core.models import Notification
    from points.actions import do_adjust_points

    with translation.override("en"):
        do_adjust_points(
            world.users["resident"], 5, reason="补录", actor=world.users["community_staff"]
        )
    title = Notification.objects.get(user=world.users["resident"]).title
    assert english_words(title) == set(), title
