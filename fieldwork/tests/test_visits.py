"""Recording a household visit: who may, what is checked, a retry recorded once."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from PIL import Image

from core.models import AuditEntry
from core.refusal import Forbidden, Invalid, NotFound
from fieldwork.actions.pairings import do_pair
from fieldwork.actions.visits import do_record_visit
from fieldwork.models import PairingKind, Visit, VisitKind
from tests.race import race

TODAY = dt.date(2026, 5, 20)


def record(world: Any, actor: Any = None, household: Any = None, **kw: Any) -> Visit:
    values: dict[str, Any] = {
        "visited_on": TODAY,
        "kind": VisitKind.ROUTINE,
        "found": "家中一切正常",
        "needs": "希望加装扶手",
    }
    values.update(kw)
    return do_record_visit(
        household or world.east_households[0],
        actor=actor or world.users["grid_worker"],
        **values,
    )


def test_it_records_a_visit_by_the_posted_worker_with_its_audit_entry(world: Any) -> None:
    visit = record(world, lon=120.6301, lat=28.0101)
    assert visit.by_posted_worker
    assert list(visit.visitors.all()) == [world.users["grid_worker"]]
    assert visit.distance_m is not None and visit.distance_m < 30
    assert not visit.far
    entry = AuditEntry.objects.get(action="fieldwork.visit.record")
    assert entry.area_code == world.east_grid.code


def test_it_flags_a_visit_recorded_far_from_the_building(world: Any, settings: Any) -> None:
    settings.LINLI_VISIT_FAR_METRES = 100
    visit = record(world, lon=120.64, lat=28.01)  # about 1 km east
    assert visit.far and (visit.distance_m or 0) > 900


def test_it_records_a_retried_submission_once(world: Any) -> None:
    first = record(world, idempotency_key="phone-1")
    again = record(world, idempotency_key="phone-1", found="再次提交")
    assert again.pk == first.pk and again.replayed
    assert Visit.objects.count() == 1
    other = record(world, actor=world.users["community_staff"], idempotency_key="phone-1")
    assert other.pk != first.pk


def test_it_counts_an_office_visit_but_not_for_the_grids_rule(world: Any) -> None:
    visit = record(world, actor=world.users["community_staff"])
    assert not visit.by_posted_worker


def test_it_counts_an_office_visit_with_the_posted_worker_for_the_rule(world: Any) -> None:
    visit = record(
        world, actor=world.users["community_staff"], visitors=[world.users["grid_worker"].pk]
    )
    assert visit.by_posted_worker
    assert visit.visitors.count() == 2


def test_it_refuses_an_outsider_and_a_resident(world: Any) -> None:
    with pytest.raises(NotFound):
        record(world, actor=world.users["outsider"])
    with pytest.raises(NotFound):
        record(world, actor=world.users["resident"])
    assert not Visit.objects.exists()


def test_it_tells_a_viewer_without_the_capability_they_do_not_visit(world: Any) -> None:
    head = world.user("building_head", world.east_grid)
    with pytest.raises(Forbidden):
        record(world, actor=head)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"visited_on": TODAY + dt.timedelta(days=1)}, "visited_on"),
        ({"visited_on": TODAY - dt.timedelta(days=40)}, "visited_on"),
        ({"visited_on": "20-05-2026"}, "visited_on"),
        ({"kind": "party"}, "kind"),
        ({"found": "   "}, "found"),
        ({"needs": "x" * 2001}, "needs"),
        ({"lon": 0, "lat": 0}, "location"),
        ({"lon": 120.63}, "location"),
        ({"photo": io.BytesIO(b"not an image")}, "photo"),
        ({"idempotency_key": "k" * 65}, "key"),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(world: Any, change: Any, field: str) -> None:
    with pytest.raises(Invalid) as caught:
        record(world, **change)
    assert field in caught.value.errors
    assert not Visit.objects.exists()
    assert not AuditEntry.objects.filter(action="fieldwork.visit.record").exists()


def test_it_refuses_a_colleague_who_does_not_visit_the_household(world: Any) -> None:
    with pytest.raises(Invalid) as caught:
        record(world, visitors=[world.users["outsider"].pk])
    assert "visitors" in caught.value.errors
    assert not Visit.objects.exists()


def test_it_lets_a_paired_member_visit_and_counts_it_for_the_pairing(
    world: Any, member: Any
) -> None:
    household = world.east_households[1]
    with pytest.raises(NotFound):
        record(world, actor=member, household=household)
    do_pair(
        PairingKind.HOUSEHOLD_LINK,
        person=member,
        target=household,
        actor=world.users["community_staff"],
    )
    visit = record(world, actor=member, household=household)
    assert not visit.by_posted_worker
    from fieldwork.selectors.pairings import looks_after

    carers = looks_after(household)
    assert [(c.name, c.visited) for c in carers] == [("党员甲", True)]


def test_it_keeps_a_photo_under_a_random_name(world: Any) -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="JPEG")
    out.seek(0)
    visit = record(world, photo=out)
    assert visit.photo.name.startswith("visits/2026/05/")
    assert len(visit.photo.name.rsplit("/", 1)[1].split(".")[0]) == 32


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_racing_retries_record_one_visit(world: Any) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    results = race(lambda i: record(world, idempotency_key="weak-signal-1"))
    assert all(isinstance(r, Visit) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Visit.objects.count() == 1
