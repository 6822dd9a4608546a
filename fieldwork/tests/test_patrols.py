"""Patrols: start, the track in batches, check-ins, end; what refuses and what it leaves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from core.models import AuditEntry
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from fieldwork.actions import do_check_in, do_end_patrol, do_record_track, do_start_patrol
from fieldwork.actions.patrols import Sample, track_length
from fieldwork.models import CheckIn, Patrol, PatrolStatus, TrackPoint

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 3, 1, 0, tzinfo=dt.UTC)


def _walk(patrol: Patrol, start: int = 0, n: int = 5) -> list[Sample]:
    # Due north from the building, 0.001° of latitude (≈111 m) a step.
    return [
        Sample(i, patrol.started_at + dt.timedelta(seconds=20 * i), 120.63, 28.005 + 0.001 * i, 8)
        for i in range(start, start + n)
    ]


def test_it_starts_one_patrol_at_a_time_on_a_grid_the_worker_patrols(world: Any) -> None:
    worker = world.users["grid_worker"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    assert patrol.status == PatrolStatus.RUNNING and patrol.walker == worker
    with pytest.raises(Conflict):
        do_start_patrol(world.east_grid, actor=worker)
    with pytest.raises(NotFound):
        do_start_patrol(world.west_grid, actor=worker)
    with pytest.raises(Invalid):
        do_start_patrol(world.east, actor=worker)
    with pytest.raises(NotFound):
        do_start_patrol(world.east_grid, actor=world.users["resident"])
    assert Patrol.objects.count() == 1
    assert AuditEntry.objects.filter(action="fieldwork.patrol.start").count() == 1


@time_machine.travel(T0, tick=False)
def test_it_stores_a_batch_sent_twice_once_and_measures_the_track(world: Any) -> None:
    worker = world.users["grid_worker"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False):
        do_record_track(patrol, _walk(patrol), actor=worker)
        do_record_track(patrol, _walk(patrol), actor=worker)  # the answer was lost: again
        patrol = do_record_track(patrol, _walk(patrol, 3, 4), actor=worker)  # overlaps
    assert TrackPoint.objects.filter(patrol=patrol).count() == 7
    assert patrol.last_seq == 6
    assert 660 < patrol.distance < 675  # six steps of ≈111 m


@time_machine.travel(T0, tick=False)
def test_it_refuses_a_bad_batch_whole(world: Any) -> None:
    worker = world.users["grid_worker"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    good = _walk(patrol, 0, 2)
    for bad in (
        [*good, Sample(2, T0, 0.0, 0.0)],
        [*good, Sample(1, T0, 120.63, 28.0)],  # a sequence number twice
        [*good, Sample(2, T0 - dt.timedelta(hours=2), 120.63, 28.0)],
        [*good, Sample(2, T0, 200.0, 28.0)],
        [],
    ):
        with pytest.raises(Invalid):
            do_record_track(patrol, bad, actor=worker)
    assert not TrackPoint.objects.exists()
    with pytest.raises(Forbidden):  # the office sees it, but it is not theirs to walk
        do_record_track(patrol, good, actor=world.users["community_staff"])
    with pytest.raises(NotFound):
        do_record_track(patrol, good, actor=world.users["outsider"])


def test_it_leaves_inaccurate_fixes_out_of_the_distance() -> None:
    points = [(120.63, 28.0, 5.0), (120.64, 28.0, 500.0), (120.63, 28.001, 5.0)]
    assert 100 < track_length(points) < 120


def test_it_checks_in_near_a_key_spot_of_the_grid_once(world: Any, spot: Any) -> None:
    worker = world.users["grid_worker"]
    patrol = do_start_patrol(world.east_grid, actor=worker)
    with pytest.raises(Invalid) as far:
        do_check_in(patrol, spot, lon=120.63, lat=28.005, actor=worker)  # ≈780 m away
    assert far.value.field == "location"
    check_in = do_check_in(patrol, spot, lon=120.6301, lat=28.0121, actor=worker)
    assert check_in.distance < 20
    with pytest.raises(Conflict):
        do_check_in(patrol, spot, lon=120.63, lat=28.012, actor=worker)
    assert CheckIn.objects.count() == 1
    assert AuditEntry.objects.filter(action="fieldwork.patrol.check_in").count() == 1


def test_it_refuses_a_check_in_at_another_grids_spot_or_after_the_end(
    world: Any, spot: Any
) -> None:
    outsider = world.users["outsider"]
    patrol = do_start_patrol(world.west_grid, actor=outsider)
    with pytest.raises(Invalid):
        do_check_in(patrol, spot, lon=120.63, lat=28.012, actor=outsider)
    worker = world.users["grid_worker"]
    mine = do_start_patrol(world.east_grid, actor=worker)
    do_end_patrol(mine, actor=worker)
    with pytest.raises(Conflict):
        do_check_in(mine, spot, lon=120.63, lat=28.012, actor=worker)


def test_it_ends_a_patrol_once_and_takes_late_positions(world: Any) -> None:
    worker = world.users["grid_worker"]
    with time_machine.travel(T0, tick=False):
        patrol = do_start_patrol(world.east_grid, actor=worker)
    with time_machine.travel(T0 + dt.timedelta(minutes=40), tick=False):
        ended = do_end_patrol(patrol, actor=worker, note="一切正常")
        assert ended.status == PatrolStatus.ENDED and ended.seconds == 2400
        with pytest.raises(Conflict):
            do_end_patrol(patrol, actor=worker)
        # The phone's queue arrives after the end (a weak signal): still stored.
        do_record_track(patrol, _walk(patrol, 0, 3), actor=worker)
    assert patrol.track.count() == 3
    assert AuditEntry.objects.filter(action="fieldwork.patrol.end").count() == 1
    # A new patrol may start once the first has ended.
    assert do_start_patrol(world.east_grid, actor=worker).pk != patrol.pk
