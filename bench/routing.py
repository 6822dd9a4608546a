"""Routing points to grids: the STRtree index against a naive loop over polygons.

Builds a synthetic district of 1,000 irregular grids (a jittered 40×25 mesh, 8-vertex
rings) in a scratch database, loads cases.routing's index from it, and routes 100,000
random points in the district, in the same run:

  measured   cases.routing.place(lon, lat) per point (the path every intake takes)
  measured   GridIndex.grid_codes(lons, lats) for all points at once (vectorised)
  baseline   a naive loop: for each point, test the grid polygons one by one
             (shapely `contains`), on a subset of the points

and checks that the three agree on the subset.

    python bench/routing.py [--points 100000] [--naive 2000] [--cols 40 --rows 25]
"""

from __future__ import annotations

import argparse
import random
import time

from _scratch import district, migrate, scratch_database, setup_django


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--naive", type=int, default=2_000, help="points for the naive baseline")
    ap.add_argument("--cols", type=int, default=40)
    ap.add_argument("--rows", type=int, default=25)
    args = ap.parse_args()

    with scratch_database("routing") as vendor:
        setup_django()
        migrate()
        import shapely

        from areas.models import grid_level
        from cases import routing

        t0 = time.perf_counter()
        made = district(args.cols, args.rows)
        routing.invalidate()
        index = routing.index()
        built = time.perf_counter() - t0
        x0, y0, x1, y1 = made["bbox"]
        rng = random.Random(42)
        lons = [rng.uniform(x0, x1) for _ in range(args.points)]
        lats = [rng.uniform(y0, y1) for _ in range(args.points)]
        grids = index.levels[grid_level()]

        t0 = time.perf_counter()
        one_by_one = [routing.place(x, y) for x, y in zip(lons, lats, strict=True)]
        t_place = time.perf_counter() - t0

        t0 = time.perf_counter()
        codes = index.grid_codes(lons, lats)
        t_bulk = time.perf_counter() - t0

        polygons = [shapely.geometry.shape(g.boundary) for g in made["grids"]]
        grid_codes = [g.code for g in made["grids"]]
        n = min(args.naive, args.points)
        t0 = time.perf_counter()
        naive: list[str | None] = []
        for x, y in zip(lons[:n], lats[:n], strict=True):
            point = shapely.Point(x, y)
            naive.append(
                next(
                    (c for c, p in zip(grid_codes, polygons, strict=True) if p.contains(point)),
                    None,
                )
            )
        t_naive = time.perf_counter() - t0

        placed = [p.area_code if p and not p.outside_grid else None for p in one_by_one[:n]]
        agree = sum(1 for a, b, c in zip(naive, placed, codes[:n], strict=True) if a == b == c)
        inside = sum(1 for c in codes if c)

        print(
            f"{len(made['grids'])} grids ({len(grids.ids)} in the index), {args.points:,} points, "
            f"{vendor}; index built in {built:.2f} s"
        )
        print(f"{'method':<44}{'points':>9}{'seconds':>9}{'points/s':>12}")
        rows = [
            ("naive loop over polygons (baseline)", n, t_naive),
            ("routing.place() per point (STRtree)", args.points, t_place),
            ("GridIndex.grid_codes() vectorised", args.points, t_bulk),
        ]
        for label, count, seconds in rows:
            print(f"{label:<44}{count:>9,}{seconds:>9.2f}{count / seconds:>12,.0f}")
        base = n / t_naive
        print(
            f"per point: {args.points / t_place / base:.0f}× the naive loop; "
            f"vectorised: {args.points / t_bulk / base:.0f}×"
        )
        print(
            f"{inside:,} of {args.points:,} points inside a grid; the three methods agree on "
            f"{agree:,} of the {n:,} baseline points"
        )
        if agree != n:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
