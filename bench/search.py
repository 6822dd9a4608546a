"""Search of people and places on a district of 220,000 residents, beside the naive query.

Builds a scratch database (PostgreSQL when DATABASE_URL points at a server, else SQLite) with
one district → subdistrict → `--communities` communities of 4 grids, buildings of 24
households and `--residents` residents (names, phones, ID numbers as the demo draws them; the
search key written as the register import writes it). A district staff member searches (their
scope is the whole district: the largest), for residents drawn at random, in the same run,
alternating, `--repeat` rounds of `--queries` queries of each kind:

  measured   areas.search.residents(user, q)[:21]  (the search key, trigram GIN on PostgreSQL)
  baseline   residents in scope with name ICONTAINS q OR phone ICONTAINS q, [:21]
             (the naive query: it cannot find pinyin or initials, and reads the table)

by kind of query: a Chinese name, full pinyin, pinyin initials (3 letters), a phone's last four
digits, an ID number's last six characters, and prints the medians per query and the ratio
baseline / measured. It checks the measured search finds the resident each query was drawn
from (initials and tails may match others too: the drawn one must be among them, or the 21
answered be full). With --no-index the same run repeats the measured queries with the trigram
index dropped (PostgreSQL), to show what the index gives.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/search.py
        [--residents 220000] [--communities 27] [--queries 10] [--repeat 3] [--no-index]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _scratch import scratch_database, setup_django  # noqa: E402

KINDS = ("name", "pinyin", "initials", "phone tail", "ID tail")


def fill(residents: int, communities: int, rng: random.Random) -> list[tuple[Any, ...]]:
    """The district; answers the residents as (pk, name, phone, id_number)."""
    from accounts.models import RoleAssignment, User
    from accounts.roles import Role
    from areas.demo import id_number, person_name, phone_number
    from areas.models import Area, Building, Compound, Household, Resident
    from areas.search import key_of
    from core.bulk import insert_rows

    district = Area.objects.create(code="330399", name="测试区", level="district")
    sub = Area.objects.create(
        code="330399001", name="测试街道", level="subdistrict", parent=district
    )
    grids = []
    for c in range(communities):
        community = Area.objects.create(
            code=f"{sub.code}{c + 1:03d}", name=f"第{c + 1}社区", level="community", parent=sub
        )
        for g in range(4):
            grids.append(
                Area.objects.create(
                    code=f"{community.code}{g + 1:03d}",
                    name=f"{community.name}{g + 1}网格",
                    level="grid",
                    parent=community,
                )
            )
    per_household = 2.8
    households_needed = int(residents / per_household) + 1
    buildings_needed = households_needed // 24 + 1
    compounds: dict[tuple[int, int], Any] = {}
    building_rows: list[tuple[Any, ...]] = []
    for b in range(buildings_needed):
        grid = grids[b % len(grids)]
        key = (grid.pk, b // (len(grids) * 8))
        if key not in compounds:
            compounds[key] = Compound.objects.create(
                code=f"C{len(compounds) + 1}",
                name=f"{rng.choice('楠江东方锦绣金色阳光')}{rng.choice('花园家园小区新村')}{len(compounds)}",
                community_id=grid.parent_id or 0,
                lon=120.6,
                lat=28.0,
            )
        compound = compounds[key]
        nth = b // len(grids) % 8 + 1
        building_rows.append(
            (
                f"B{b + 1}",
                f"{compound.name}{nth}幢",
                compound.pk,
                grid.parent_id,
                grid.pk,
                "",
                120.6,
                28.0,
                6,
                2,
                24,
            )
        )
    insert_rows(
        Building,
        [
            "code",
            "name",
            "compound_id",
            "community_id",
            "grid_id",
            "address",
            "lon",
            "lat",
            "floors",
            "entrances",
            "households",
        ],
        building_rows,
    )
    buildings = list(Building.objects.values_list("pk", "grid_id", "name").order_by("pk"))
    household_rows = []
    for h in range(households_needed):
        pk, grid_id, name = buildings[h // 24]
        entrance, floor, room = h % 24 // 12 + 1, h % 12 // 2 + 1, h % 2 + 1
        household_rows.append(
            (
                f"H{h + 1}",
                pk,
                grid_id,
                entrance,
                floor,
                f"{floor}0{room}",
                f"{name}{entrance}单元{floor}0{room}",
            )
        )
    insert_rows(
        Household,
        ["code", "building_id", "grid_id", "entrance", "floor", "room", "address"],
        household_rows,
    )
    household_pks = list(Household.objects.values_list("pk", flat=True).order_by("pk"))
    rows: list[tuple[Any, ...]] = []
    for r in range(residents):
        gender = rng.choice("MF")
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(80 * 365))
        name, phone = person_name(rng), phone_number(rng)
        number = id_number(rng, birth, gender)
        rows.append(
            (
                f"R{r + 1}",
                household_pks[int(r / per_household)],
                name,
                gender,
                birth,
                phone,
                number,
                [],
                False,
                key_of(name, phone, number),
            )
        )
    insert_rows(
        Resident,
        [
            "code",
            "household_id",
            "name",
            "gender",
            "birth_date",
            "phone",
            "id_number",
            "tags",
            "is_head",
            "search_key",
        ],
        rows,
    )
    staff = User.objects.create_user(phone="13900000001", password="x", name="区干部")
    RoleAssignment.objects.create(user=staff, role=Role.DISTRICT_STAFF, area=district)
    found = dict(Resident.objects.values_list("code", "pk"))
    return [(found[r[0]], r[2], r[5], r[6]) for r in rows]


def query_of(kind: str, name: str, phone: str, number: str) -> str:
    from pypinyin import Style, lazy_pinyin

    if kind == "name":
        return name
    if kind == "pinyin":
        return "".join(lazy_pinyin(name))
    if kind == "initials":
        return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))[:3]
    if kind == "phone tail":
        return phone[-4:]
    return number[-6:].lower()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--residents", type=int, default=220_000)
    ap.add_argument("--communities", type=int, default=27)
    ap.add_argument("--queries", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-index", action="store_true", help="also time without the trigram index")
    args = ap.parse_args()
    rng = random.Random(13)

    with scratch_database("search") as vendor:
        setup_django()
        from django.core.management import call_command
        from django.db import connection
        from django.db.models import Q

        from accounts.models import User
        from areas import search
        from areas.models import Resident
        from areas.permissions import residents_q

        call_command("migrate", verbosity=0)
        pg = vendor == "postgresql"
        if pg:  # written first, indexed after, as a large load would be
            with connection.cursor() as cur:
                cur.execute("DROP INDEX areas_resident_search_trgm")
        t0 = time.perf_counter()
        people = fill(args.residents, args.communities, rng)
        print(
            f"{vendor}: wrote {len(people):,} residents in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        if pg:
            t0 = time.perf_counter()
            with connection.cursor() as cur:
                cur.execute(
                    "CREATE INDEX areas_resident_search_trgm ON areas_resident "
                    "USING gin (search_key gin_trgm_ops)"
                )
                cur.execute("VACUUM ANALYZE areas_resident")
                cur.execute("VACUUM ANALYZE areas_household")
            print(f"trigram index built in {time.perf_counter() - t0:.1f} s", flush=True)
        user = User.objects.get(phone="13900000001")
        drawn = rng.sample(people, args.queries)
        queries = {kind: [(p[0], query_of(kind, *p[1:])) for p in drawn] for kind in KINDS}

        def measured(q: str) -> list[int]:
            return [r.pk for r in search.residents(user, search.normalised(q))[:21]]

        def baseline(q: str) -> list[int]:
            qs = Resident.objects.filter(residents_q(user)).filter(
                Q(name__icontains=q) | Q(phone__icontains=q)
            )
            return list(qs.order_by("name", "code").values_list("pk", flat=True)[:21])

        def timed(fn: Any, kind: str, n: int | None = None) -> tuple[float, int]:
            t = time.perf_counter()
            hits = 0
            for pk, q in queries[kind][:n]:
                got = fn(q)
                hits += pk in got or len(got) == 21
            return (time.perf_counter() - t) / len(queries[kind][:n]), hits

        for kind in KINDS:  # warm the caches for both
            timed(measured, kind, 2)
            timed(baseline, kind, 2)
        results: dict[str, dict[str, list[float]]] = {k: {"m": [], "b": [], "n": []} for k in KINDS}
        misses = 0
        for round_ in range(args.repeat):
            print(f"round {round_ + 1} of {args.repeat}", flush=True)
            for kind in KINDS:
                seconds, hits = timed(measured, kind)
                results[kind]["m"].append(seconds)
                misses += len(queries[kind]) - hits
                results[kind]["b"].append(timed(baseline, kind)[0])
        if args.no_index and vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("DROP INDEX IF EXISTS areas_resident_search_trgm")
            for kind in KINDS:
                timed(measured, kind, 2)
            for _ in range(args.repeat):
                for kind in KINDS:
                    results[kind]["n"].append(timed(measured, kind)[0])

        print()
        print(
            f"{vendor}, {len(people):,} residents, a district staff member's scope; "
            f"median of {args.repeat} rounds of {args.queries} queries, ms per query"
        )
        head = f"{'query':<14}{'search key':>12}{'naive icontains':>17}{'naive / key':>13}"
        print(head + (f"{'no index':>10}" if results[KINDS[0]]["n"] else ""))
        for kind in KINDS:
            m = statistics.median(results[kind]["m"]) * 1000
            b = statistics.median(results[kind]["b"]) * 1000
            line = f"{kind:<14}{m:>12.2f}{b:>17.2f}{b / m:>13.1f}"
            if results[kind]["n"]:
                line += f"{statistics.median(results[kind]['n']) * 1000:>10.2f}"
            print(line)
        print(
            f"drawn residents found by the search key: {'all' if not misses else f'{misses} MISSED'}"
        )
        if misses:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
