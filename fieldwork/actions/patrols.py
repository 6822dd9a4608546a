"""Patrols: start, the track in batches, check-ins at key spots, end.

Outside the user's sight a patrol is a NotFound refusal; another's patrol they may see,
Forbidden; an ended patrol refuses a check-in (Conflict); bad input is Invalid and stores
nothing. The track is idempotent by sequence number: a batch sent again (the phone did not
hear the answer) stores nothing twice and answers the same."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from areas.location import metres
from areas.models import Area, grid_levels
from core import audit, timeutil
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from core.workflow import move
from fieldwork import permissions
from fieldwork.models import CheckIn, KeySpot, Patrol, PatrolStatus, TrackPoint
from fieldwork.workflow import PATROLS

BATCH_MAX = 500
SEQ_MAX = 1_000_000
# A fix less accurate than this (metres) is kept on the track but not counted in the distance.
ACCURACY_FOR_DISTANCE = 50.0
# Clock skew allowed between the phone and the server.
SKEW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Sample:
    seq: int
    at: dt.datetime
    lon: float
    lat: float
    accuracy: float | None = None


def _own(patrol: Patrol, actor: Any, *, lock: bool = False) -> Patrol:
    """The patrol, locked if asked, if it is the actor's; else NotFound/Forbidden."""
    query = Patrol.objects.select_related("grid")
    if lock:
        query = query.select_for_update(of=("self",))
    found = query.filter(pk=patrol.pk).first()
    if found is None or not permissions.can_view_patrol(actor, found):
        raise NotFound(_("No such patrol."))
    if found.walker_id != actor.pk:
        raise Forbidden(_("Only the grid worker on the patrol may do this."))
    return found


@transaction.atomic
def do_start_patrol(grid: Area, *, actor: Any, at: dt.datetime | None = None) -> Patrol:
    """Start a patrol of a grid the actor patrols (`patrol` on it); one under way at a time."""
    if grid.level not in grid_levels():
        raise Invalid(_("A patrol walks a grid."), "grid")
    if not permissions.may_walk_on(actor, grid.code):
        raise NotFound(_("No such grid."))
    running = Patrol.objects.filter(walker=actor, status=PatrolStatus.RUNNING).first()
    if running is not None:
        raise Conflict(_("You have a patrol under way: end it first."), "grid")
    try:
        with transaction.atomic():
            patrol = Patrol.objects.create(walker=actor, grid=grid, started_at=at or timeutil.now())
    except IntegrityError:  # a second start racing the first
        raise Conflict(_("You have a patrol under way: end it first."), "grid") from None
    audit.record(actor, "fieldwork.patrol.start", patrol)
    return patrol


def _samples(raw: Iterable[Any], patrol: Patrol) -> list[Sample]:
    items = list(raw)
    if not items:
        raise Invalid(_("The batch has no positions."), "points")
    if len(items) > BATCH_MAX:
        raise Invalid(_("At most %(n)d positions a batch.") % {"n": BATCH_MAX}, "points")
    latest = (patrol.ended_at or timeutil.now()) + SKEW
    out: list[Sample] = []
    for item in items:
        s = item if isinstance(item, Sample) else Sample(**item)
        if not isinstance(s.seq, int) or isinstance(s.seq, bool) or not 0 <= s.seq < SEQ_MAX:
            raise Invalid(_("A position has a bad sequence number."), "points")
        lon, lat = float(s.lon), float(s.lat)
        if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lon) > 180 or abs(lat) > 90:
            raise Invalid(_("A position is out of range."), "points")
        if abs(lon) < 0.001 and abs(lat) < 0.001:
            raise Invalid(_("A position is (0, 0), not a real fix."), "points")
        if s.at.tzinfo is None:
            raise Invalid(_("A position's time needs its time zone."), "points")
        if not patrol.started_at - SKEW <= s.at <= latest:
            raise Invalid(_("A position's time lies outside the patrol."), "points")
        acc = s.accuracy
        if acc is not None and (not math.isfinite(acc) or acc < 0):
            raise Invalid(_("A position's accuracy is not a distance."), "points")
        out.append(Sample(s.seq, s.at, lon, lat, acc))
    if len({s.seq for s in out}) != len(out):
        raise Invalid(_("A sequence number appears twice in the batch."), "points")
    return out


def track_length(points: Sequence[tuple[float, float, float | None]]) -> float:
    """The track's length in metres: haversine between successive fixes good enough to count."""
    good = [(x, y) for x, y, acc in points if acc is None or acc <= ACCURACY_FOR_DISTANCE]
    return sum(metres(*a, *b) for a, b in zip(good, good[1:], strict=False))


@transaction.atomic
def do_record_track(patrol: Patrol, samples: Iterable[Any], *, actor: Any) -> Patrol:
    """Store a batch of the phone's positions (numbered from 0 by the phone). Positions
    already stored are skipped, so a batch sent twice changes nothing; the patrol's distance
    and last sequence number follow. Also after the end: a weak signal delivers late."""
    patrol = _own(patrol, actor, lock=True)
    rows = _samples(samples, patrol)
    TrackPoint.objects.bulk_create(
        [
            TrackPoint(patrol=patrol, seq=s.seq, at=s.at, lon=s.lon, lat=s.lat, accuracy=s.accuracy)
            for s in rows
        ],
        ignore_conflicts=True,
    )
    points = list(patrol.track.order_by("seq").values_list("lon", "lat", "accuracy"))
    patrol.distance = round(track_length(points), 1)
    patrol.last_seq = max(patrol.last_seq, *(s.seq for s in rows))
    patrol.save(update_fields=["distance", "last_seq"])
    return patrol


@transaction.atomic
def do_check_in(
    patrol: Patrol, spot: KeySpot, *, lon: Any, lat: Any, actor: Any, note: str = ""
) -> CheckIn:
    """Check in at a key spot of the patrol's grid, from within the spot's radius; once per
    spot and patrol, while the patrol is under way."""
    from areas.location import clean_point

    patrol = _own(patrol, actor, lock=True)
    if patrol.status != PatrolStatus.RUNNING:
        raise Conflict(_("The patrol has ended."), "status")
    if spot.grid_id != patrol.grid_id or not spot.active:
        raise Invalid(_("This key spot is not on the patrol's grid."), "spot")
    x, y = clean_point(lon, lat)
    away = metres(x, y, spot.lon, spot.lat)
    if away > spot.radius:
        raise Invalid(
            _("You are %(d)d m from %(spot)s: come within %(r)d m to check in.")
            % {"d": round(away), "spot": spot.name, "r": spot.radius},
            "location",
        )
    note = (note or "").strip()
    if len(note) > 500:
        raise Invalid(_("At most %(n)d characters.") % {"n": 500}, "note")
    if CheckIn.objects.filter(patrol=patrol, spot=spot).exists():
        raise Conflict(_("You have checked in here on this patrol already."), "spot")
    check_in = CheckIn.objects.create(
        patrol=patrol,
        spot=spot,
        at=timeutil.now(),
        lon=x,
        lat=y,
        distance=round(away, 1),
        note=note,
    )
    audit.record(
        actor,
        "fieldwork.patrol.check_in",
        patrol,
        {"spot": spot.code, "distance": round(away)},
    )
    return check_in


@transaction.atomic
def do_end_patrol(patrol: Patrol, *, actor: Any, note: str = "") -> Patrol:
    """End one's patrol under way; its duration runs from start to now."""
    patrol = _own(patrol, actor, lock=True)
    note = (note or "").strip()
    if len(note) > 500:
        raise Invalid(_("At most %(n)d characters.") % {"n": 500}, "note")
    return move(
        patrol,
        "end",
        actor,
        changes={"ended_at": timeutil.now(), "note": note},
        locked=True,
        table=PATROLS,
    )
