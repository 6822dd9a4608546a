"""Who drafts, publishes and reads bulletins and published results, on pages and the API:
the office of the area drafts; its staff read what is published; its residents read the
results; everyone else gets a 404."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from dashboard import permissions
from dashboard.bulletins import actions
from dashboard.bulletins.models import Bulletin
from dashboard.tests.bulletin_world import APRIL, MARCH, bw  # noqa: F401

pytestmark = pytest.mark.django_db


def _both(bw: Any) -> tuple[Bulletin, Bulletin]:  # noqa: F811
    """East's bulletin published, the subdistrict's still a draft."""
    with time_machine.travel(APRIL, tick=False):
        east = actions.do_draft_bulletin(
            bw.world.east, month=MARCH, actor=bw.users["community_staff"]
        )
        actions.do_publish_bulletin(east, actor=bw.users["community_staff"])
        sub = actions.do_draft_bulletin(
            bw.world.subdistrict, month=MARCH, actor=bw.users["subdistrict_staff"]
        )
    east.refresh_from_db()
    return east, sub


@pytest.mark.parametrize(
    ("persona", "east_seen", "sub_seen"),
    [
        ("community_staff", True, False),  # the subdistrict's draft is not theirs
        ("subdistrict_staff", True, True),
        ("grid_worker", True, False),  # reads the published bulletin of their community
        ("outsider", False, False),  # the west's grid worker
        ("resident", False, False),
        ("admin", True, True),
    ],
)
def test_it_shows_each_persona_the_bulletins_of_their_areas(
    bw,  # noqa: F811
    client,
    persona,
    east_seen,
    sub_seen,
) -> None:
    east, sub = _both(bw)
    user = bw.users[persona]
    seen = set(permissions.bulletins_visible_to(user))
    assert (east in seen, sub in seen) == (east_seen, sub_seen)
    for b in (east, sub):
        assert permissions.can_view_bulletin(user, b) == (b in seen)
    client.force_login(user)
    for b, expected in ((east, east_seen), (sub, sub_seen)):
        assert client.get(f"/dashboard/bulletins/{b.pk}/").status_code == (200 if expected else 404)
        answer = client.get(f"/api/v1/dashboard/bulletins/{b.pk}")
        assert answer.status_code == (200 if expected else 404)
    listed = client.get("/api/v1/dashboard/bulletins").json()
    if persona != "resident" or listed.get("count") is not None:
        assert {r["id"] for r in listed.get("results", [])} == {b.pk for b in seen}


def test_a_published_bulletin_of_the_subdistrict_reaches_the_west_too(bw, client) -> None:  # noqa: F811
    _east, sub = _both(bw)
    actions.do_publish_bulletin(sub, actor=bw.users["subdistrict_staff"])
    client.force_login(bw.users["outsider"])
    assert client.get(f"/dashboard/bulletins/{sub.pk}/").status_code == 200


def test_only_the_office_publishes(bw, client) -> None:  # noqa: F811
    _east, sub = _both(bw)
    client.force_login(bw.users["community_staff"])
    answer = client.post(f"/api/v1/dashboard/bulletins/{sub.pk}/publish")
    assert answer.status_code == 404  # a draft of the office above is not theirs to see
    client.force_login(bw.users["grid_worker"])
    east = Bulletin.objects.get(area=bw.world.east)
    assert client.post(f"/api/v1/dashboard/bulletins/{east.pk}/correct").status_code == 403
    with time_machine.travel(APRIL, tick=False):
        answer = client.post(
            "/api/v1/dashboard/bulletins",
            {"area_code": bw.world.east.code, "month": "2026-02"},
            content_type="application/json",
        )
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("persona", "east", "west"),
    [
        ("resident", 200, 404),
        ("grid_worker", 200, 404),
        ("outsider", 404, 200),
        ("community_staff", 200, 404),
        ("subdistrict_staff", 200, 200),
    ],
)
def test_it_shows_published_results_to_the_areas_residents_and_staff(
    bw,  # noqa: F811
    client,
    persona,
    east,
    west,
) -> None:
    _both(bw)
    client.force_login(bw.users[persona])
    assert client.get(f"/dashboard/results/{bw.world.east.code}/").status_code == east
    assert client.get(f"/dashboard/results/{bw.world.west.code}/").status_code == west
    api = client.get(f"/api/v1/dashboard/results?area={bw.world.east.code}")
    assert api.status_code == east


def test_a_resident_is_sent_to_their_own_communitys_results(bw, client) -> None:  # noqa: F811
    client.force_login(bw.users["resident"])
    answer = client.get("/dashboard/results/")
    assert answer.status_code == 302
    assert answer["Location"] == f"/dashboard/results/{bw.world.east.code}/"
    assert client.get("/api/v1/dashboard/results").json()["area_code"] == bw.world.east.code
    client.force_login(bw.users["community_staff"])
    assert client.get("/dashboard/results/").status_code == 404
