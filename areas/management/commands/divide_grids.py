"""Divide a community or subdistrict (from the database) or a CSV of buildings into grids.

    manage.py divide_grids --area 330324001 [--draft]
    manage.py divide_grids --csv buildings.csv --min 300 --max 500 --out DIR

CSV columns: code,lon,lat,households,compound,community (compound may be empty).
--out writes DIR/grids.csv (building → grid) and DIR/grids.geojson. A failed run writes
nothing and changes nothing.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from areas.division import services
from areas.division.conf import bounds_for
from areas.division.engine import Bounds, BuildingIn, Division, divide
from areas.division.models import PlanMode
from areas.models import Area
from core.refusal import Refusal

COLUMNS = ("code", "lon", "lat", "households", "compound", "community")


def read_csv(path: Path) -> list[BuildingIn]:
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"{path}: missing column(s): {', '.join(missing)}.")
        out = []
        for line, row in enumerate(reader, start=2):
            code = (row["code"] or "").strip()
            if not code:
                raise CommandError(f"{path}, line {line}: a building without a code.")
            try:
                lon = float(row["lon"]) if (row["lon"] or "").strip() else None
                lat = float(row["lat"]) if (row["lat"] or "").strip() else None
            except ValueError as exc:
                raise CommandError(
                    f"{path}, line {line}: building {code} has a bad location."
                ) from exc
            if lon is None or lat is None:
                raise CommandError(f"{path}, line {line}: building {code} has no location.")
            try:
                households = int((row["households"] or "").strip())
            except ValueError as exc:
                raise CommandError(
                    f"{path}, line {line}: building {code} has no whole number of households."
                ) from exc
            if households < 0:
                raise CommandError(
                    f"{path}, line {line}: building {code} has a negative number of households."
                )
            out.append(
                BuildingIn(
                    code,
                    lon,
                    lat,
                    households,
                    (row["community"] or "").strip(),
                    (row["compound"] or "").strip() or None,
                )
            )
    return out


def read_boundaries(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {f["properties"]["code"]: f["geometry"] for f in data["features"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CommandError(
            f"{path}: not a GeoJSON FeatureCollection with a 'code' property per community."
        ) from exc


def write_out(out: Path, division: Division) -> None:
    """Both files appear together or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        rows = Path(tmp, "grids.csv")
        with rows.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["building", "grid", "community", "grid_households", "flags"])
            for g in division.grids:
                for b in g.buildings:
                    w.writerow([b, g.code, g.community, g.households, " ".join(g.flags)])
        features = [
            {
                "type": "Feature",
                "geometry": g.boundary,
                "properties": {
                    "code": g.code,
                    "community": g.community,
                    "households": g.households,
                    "buildings": len(g.buildings),
                    "polsby_popper": g.compactness,
                    "flags": g.flags,
                    "previous": g.previous,
                },
            }
            for g in division.grids
        ]
        Path(tmp, "grids.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
            encoding="utf-8",
        )
        os.replace(rows, out / "grids.csv")
        os.replace(Path(tmp, "grids.geojson"), out / "grids.geojson")


class Command(BaseCommand):
    help = "Divide a community or subdistrict, or a CSV of buildings, into grids within bounds."

    def add_arguments(self, parser: CommandParser) -> None:
        src = parser.add_mutually_exclusive_group(required=True)
        src.add_argument("--area", help="code of a community or subdistrict in the database")
        src.add_argument("--csv", type=Path, help="buildings: " + ",".join(COLUMNS))
        parser.add_argument("--boundaries", type=Path, help="GeoJSON of communities (CSV mode)")
        parser.add_argument("--kind", default="residential", help="grid kind for default bounds")
        parser.add_argument("--min", type=int, help="fewest households a grid (default 300)")
        parser.add_argument("--max", type=int, help="most households a grid (default 500)")
        parser.add_argument(
            "--mode", choices=PlanMode.values, default=PlanMode.REDIVIDE, help="database mode"
        )
        parser.add_argument("--out", type=Path, help="directory for grids.csv and grids.geojson")
        parser.add_argument(
            "--draft", action="store_true", help="save the result as a draft division plan"
        )

    @no_translations
    def handle(self, *args: Any, **opts: Any) -> None:
        default = bounds_for(opts["kind"])
        bounds = Bounds(
            opts["min"] if opts["min"] is not None else default.min,
            opts["max"] if opts["max"] is not None else default.max,
        )
        if bounds.min > bounds.max:
            raise CommandError(f"--min {bounds.min} is larger than --max {bounds.max}.")
        if bounds.min < 1:
            raise CommandError("--min must be at least 1.")
        started = time.perf_counter()
        try:
            if opts["csv"]:
                if opts["draft"]:
                    raise CommandError("--draft needs --area (a plan is about the database).")
                buildings = read_csv(opts["csv"])
                if not buildings:
                    raise CommandError(f"{opts['csv']}: no buildings.")
                boundaries = read_boundaries(opts["boundaries"]) if opts["boundaries"] else {}
                division = divide(
                    buildings,
                    bounds,
                    boundaries,
                    communities=set(boundaries) if boundaries else None,
                )
            else:
                area = Area.objects.filter(code=opts["area"]).first()
                if area is None:
                    raise CommandError(f"Unknown area {opts['area']}.")
                if opts["draft"]:
                    from areas.division.actions import do_draft_plan

                    plan = do_draft_plan(area, bounds=bounds, mode=opts["mode"], actor=None)
                    self.stdout.write(f"Draft plan #{plan.pk} saved.")
                    snap = services.snapshot(area)
                    division = services.run(snap, bounds, keep=opts["mode"] == PlanMode.REDIVIDE)
                else:
                    snap = services.snapshot(area)
                    if not snap.buildings:
                        raise CommandError(f"{area.name} ({area.code}) has no buildings.")
                    division = services.run(snap, bounds, keep=opts["mode"] == PlanMode.REDIVIDE)
        except Refusal as exc:
            raise CommandError(exc.message) from exc
        seconds = time.perf_counter() - started
        if opts["out"]:
            write_out(opts["out"], division)
        self._summary(division, bounds, seconds)

    def _summary(self, division: Division, bounds: Bounds, seconds: float) -> None:
        grids = division.grids
        flagged = [g for g in grids if g.flags and not bounds.holds(g.households)]
        self.stdout.write(
            f"{len({g.community for g in grids})} communities, {len(grids)} grids, "
            f"{division.in_bounds_share(bounds):.1%} within [{bounds.min}, {bounds.max}], "
            f"{len(flagged)} flagged, {seconds:.2f} s"
        )
        if division.moved_households:
            self.stdout.write(
                f"{division.moved_households} households move ({division.moved_share:.1%})."
            )
        for p in division.problems:
            self.stdout.write(f"! {p.message} {p.proposal}")
