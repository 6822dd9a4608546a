"""manage.py divide_grids: database and CSV modes, and every bad input changing nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from areas.division.models import DivisionPlan
from areas.division.tests.helpers import populate
from areas.models import Area, Building

HEADER = "code,lon,lat,households,compound,community\n"


def run(*args: str) -> str:
    out = StringIO()
    call_command("divide_grids", *args, stdout=out)
    return out.getvalue()


def write_csv(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "buildings.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def good_rows(n: int = 10, households: int = 80, community: str = "330324001001") -> str:
    return "".join(
        f"B{i},{120.6 + (i % 5) * 0.0005},{28.0 + (i // 5) * 0.0005},{households},K{i // 4},{community}\n"
        for i in range(n)
    )


def test_it_divides_a_csv_and_writes_the_assignment_and_geojson(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    text = run("--csv", str(write_csv(tmp_path, good_rows())), "--out", str(out_dir))
    assert "2 grids, 100.0% within [300, 500]" in text
    rows = (out_dir / "grids.csv").read_text().splitlines()
    assert rows[0] == "building,grid,community,grid_households,flags" and len(rows) == 11
    features = json.loads((out_dir / "grids.geojson").read_text())["features"]
    assert {f["properties"]["code"] for f in features} == {"330324001001001", "330324001001002"}
    assert all(f["geometry"]["type"] == "Polygon" for f in features)


def test_it_takes_bounds_from_the_command_line(tmp_path: Path) -> None:
    text = run("--csv", str(write_csv(tmp_path, good_rows())), "--min", "150", "--max", "250")
    assert "4 grids, 100.0% within [150, 250]" in text


def test_it_explains_an_infeasible_community(tmp_path: Path) -> None:
    text = run("--csv", str(write_csv(tmp_path, good_rows(3))))
    assert "240 households, fewer than the minimum of 300" in text
    assert "1 flagged" in text


@pytest.mark.parametrize(
    ("header", "body", "args", "message"),
    [
        (
            "code,lon,lat,households,community\n",
            "B1,120,28,5,C\n",
            [],
            "missing column(s): compound",
        ),
        (HEADER, "B1,120,28,5,,C\nB1,120,28,5,,C\n", [], "B1 appears more than once"),
        (HEADER, "B1,120,28,-5,,C\n", [], "negative number of households"),
        (HEADER, "B1,,28,5,,C\n", [], "B1 has no location"),
        (HEADER, "B1,east,28,5,,C\n", [], "B1 has a bad location"),
        (HEADER, "B1,120,28,many,,C\n", [], "no whole number of households"),
        (
            HEADER,
            "B1,120,28,5,,C\n",
            ["--min", "600", "--max", "500"],
            "--min 600 is larger than --max 500",
        ),
        (HEADER, "", [], "no buildings"),
    ],
)
def test_it_refuses_a_bad_csv_and_writes_nothing(
    tmp_path: Path, header, body, args, message
) -> None:
    out_dir = tmp_path / "out"
    with pytest.raises(CommandError) as err:
        run("--csv", str(write_csv(tmp_path, body, header)), "--out", str(out_dir), *args)
    assert message in str(err.value)
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_it_refuses_a_community_missing_from_the_boundaries(tmp_path: Path) -> None:
    boundaries = tmp_path / "communities.geojson"
    boundaries.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "C"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[119, 27], [121, 27], [121, 29], [119, 27]]],
                        },
                    }
                ],
            }
        )
    )
    with pytest.raises(CommandError, match="unknown community 330324001001"):
        run("--csv", str(write_csv(tmp_path, good_rows())), "--boundaries", str(boundaries))


def test_it_refuses_a_missing_csv(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run("--csv", str(tmp_path / "nope.csv"))


@pytest.mark.django_db
def test_it_divides_a_community_in_the_database_without_changing_it(world) -> None:
    populate(world)
    before = list(Building.objects.values_list("code", "grid_id").order_by("code"))
    text = run("--area", world.east.code)
    assert "1 communities, 2 grids, 100.0% within [300, 500]" in text
    assert list(Building.objects.values_list("code", "grid_id").order_by("code")) == before
    assert not DivisionPlan.objects.exists()


@pytest.mark.django_db
def test_it_saves_a_draft_plan_when_asked(world) -> None:
    populate(world)
    text = run("--area", world.subdistrict.code, "--draft")
    plan = DivisionPlan.objects.get()
    assert f"Draft plan #{plan.pk} saved." in text
    assert plan.status == "draft" and plan.area == world.subdistrict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [("999999", "Unknown area 999999"), ("330324", "not on a district")],
)
def test_it_refuses_an_unknown_or_wrong_area(world, code, message) -> None:
    with pytest.raises(CommandError, match=message):
        run("--area", code, "--draft")
    assert not DivisionPlan.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_building_without_location_and_saves_no_plan(world) -> None:
    populate(world)
    Building.objects.filter(code=world.east_building.code).update(lon=0, lat=0)
    with pytest.raises(CommandError, match="has no location"):
        run("--area", world.east.code, "--draft")
    assert not DivisionPlan.objects.exists()
    assert Area.objects.filter(level="grid").count() == 2


def test_it_divides_a_csv_without_boundaries_into_grids_that_do_not_overlap(
    tmp_path: Path,
) -> None:
    import shapely
    from shapely.geometry import shape

    from areas.division.engine.synthetic import city

    buildings, _boundaries = city(400, 3, per_community=40)
    body = "".join(
        f"{b.id},{b.lon},{b.lat},{b.households},{b.compound or ''},{b.community}\n"
        for b in buildings
    )
    out_dir = tmp_path / "out"
    run("--csv", str(write_csv(tmp_path, body)), "--out", str(out_dir))
    features = json.loads((out_dir / "grids.geojson").read_text())["features"]
    shapes = [shape(f["geometry"]) for f in features]
    assert len({f["properties"]["community"] for f in features}) >= 8
    overlaps = [
        (features[i]["properties"]["code"], features[j]["properties"]["code"])
        for i, j in zip(*shapely.STRtree(shapes).query(shapes, predicate="intersects"), strict=True)
        if i < j and shapes[i].intersection(shapes[j]).area >= 1e-10  # about a square metre
    ]
    assert overlaps == []
