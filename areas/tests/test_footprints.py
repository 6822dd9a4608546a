"""Building footprints: the model's check, the buildings register (GeoJSON features carry the
footprints), the API, the area map's layer and the demo's footprints (inside their blocks, off
the roads and the river, not on top of each other)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from shapely.geometry import shape
from shapely.ops import unary_union

from areas.models import Building, Road, WaterBody
from areas.registers.actions import do_export_register, do_import_register
from areas.registers.engine import rendered
from areas.registers.workflow import JobStatus

pytestmark = pytest.mark.django_db

SLAB = {
    "type": "Polygon",
    "coordinates": [
        [[120.6298, 28.0099], [120.6302, 28.0099], [120.6302, 28.0101], [120.6298, 28.0101]]
        + [[120.6298, 28.0099]]
    ],
}
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[120.63, 28.01], [120.631, 28.011], [120.631, 28.01], [120.63, 28.011]]],
}


def test_a_building_refuses_a_footprint_that_crosses_itself_or_is_not_a_polygon(world):
    building = world.east_building
    building.footprint = BOWTIE
    with pytest.raises(ValidationError) as info:
        building.full_clean()
    assert "footprint" in info.value.message_dict
    building.footprint = {"type": "LineString", "coordinates": [[120.6, 28.0], [120.7, 28.0]]}
    with pytest.raises(ValidationError):
        building.full_clean()
    building.footprint = json.dumps(SLAB)  # text is read as GeoJSON
    building.full_clean()
    assert building.footprint == SLAB


def _export(world, who="admin"):
    _name, body = do_export_register("buildings", "geojson", actor=world.users[who])
    return "".join(body).encode()


def test_footprints_export_as_geojson_features_and_import_again_unchanged(world):
    Building.objects.filter(pk=world.east_building.pk).update(footprint=SLAB)
    exported = _export(world)
    features = {f["properties"]["code"]: f for f in json.loads(exported)["features"]}
    assert features["EC1B1"]["geometry"] == SLAB
    assert features["WC1B1"]["geometry"] is None  # a building without one exports without
    assert features["EC1B1"]["properties"]["floors"] == 6
    job = do_import_register(
        "buildings", filename="b.geojson", content=exported, actor=world.users["admin"]
    )
    assert job.status == JobStatus.DONE and job.unchanged_count == 2
    # A new footprint in a file changes the building; a file without the column leaves it.
    moved = json.loads(exported)
    moved["features"][0]["geometry"]["coordinates"][0][0][0] = 120.6297
    moved["features"][0]["geometry"]["coordinates"][0][-1][0] = 120.6297
    job = do_import_register(
        "buildings",
        filename="b.geojson",
        content=json.dumps(moved).encode(),
        actor=world.users["admin"],
    )
    assert job.status == JobStatus.DONE and job.updated_count == 1
    assert Building.objects.get(code="EC1B1").footprint["coordinates"][0][0][0] == 120.6297


def test_a_bad_footprint_refuses_the_file_with_its_reason(world):
    data = json.loads(_export(world))
    data["features"][0]["geometry"] = BOWTIE
    job = do_import_register(
        "buildings",
        filename="b.geojson",
        content=json.dumps(data).encode(),
        actor=world.users["admin"],
    )
    assert job.status == JobStatus.REJECTED
    assert [e["column"] for e in rendered(job.errors)] == ["footprint"]
    assert Building.objects.get(code="EC1B1").footprint is None


def test_the_api_and_the_map_give_the_footprint_with_the_floors(world, login):
    Building.objects.filter(pk=world.east_building.pk).update(footprint=SLAB)
    client = login(world.users["community_staff"])
    items = client.get("/api/v1/areas/buildings").json()["items"]
    assert [(b["code"], b["footprint"]) for b in items] == [("EC1B1", SLAB)]
    response = client.get(f"/areas/a/{world.east_grid.code}/")
    buildings = response.context["layers"]["buildings"]["features"]
    assert buildings[0]["geometry"]["type"] == "Point"  # far out, a dot
    assert buildings[0]["properties"]["footprint"] == SLAB["coordinates"]
    assert buildings[0]["properties"]["floors"] == 6
    assert response.context["layers"]["legend"]["building"] == "楼栋"


def test_the_demo_draws_footprints_inside_their_blocks_off_the_roads_and_the_river():
    from linli.demo import generate

    generate(scale=0.02, seed=7)
    drawn = list(Building.objects.exclude(footprint=None).values_list("footprint", "lon", "lat"))
    assert len(drawn) >= 0.8 * Building.objects.count()
    roads = unary_union([shape(g) for g in Road.objects.values_list("geometry", flat=True)])
    river = unary_union([shape(g) for g in WaterBody.objects.values_list("geometry", flat=True)])
    shapes = [shape(f) for f, _x, _y in drawn]
    assert Road.objects.filter(road_class="lane").exists()
    for polygon in shapes:
        assert polygon.is_valid and not polygon.intersects(river)
        assert not polygon.intersects(roads)  # main roads, streets and lanes
    overlaps = sum(
        1 for i, a in enumerate(shapes) for b in shapes[i + 1 :] if a.intersection(b).area > 0
    )
    assert overlaps == 0
    # Each footprint is around its building's point.
    from shapely.geometry import Point

    assert all(p.contains(Point(x, y)) for p, (_f, x, y) in zip(shapes, drawn, strict=True))
