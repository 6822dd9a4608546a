"""Roads and water bodies: the models' checks, the registers (GeoJSON, CSV with WKT), the API
list, the area map's layers and the demo's network and river."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from shapely.geometry import Point, box, shape

from areas.models import Building, Road, RoadClass, WaterBody
from areas.registers.actions import do_export_register, do_import_register
from areas.registers.engine import rendered
from areas.registers.reader import FileError
from areas.registers.tests.helpers import csv_bytes
from areas.registers.workflow import JobStatus

pytestmark = pytest.mark.django_db

LINE = {"type": "LineString", "coordinates": [[120.61, 28.01], [120.63, 28.012]]}
RIVER = {
    "type": "Polygon",
    "coordinates": [
        [[120.59, 27.99], [120.65, 27.99], [120.65, 27.998], [120.59, 27.998], [120.59, 27.99]]
    ],
}


def road(world, code="R1", cls=RoadClass.MAIN, geometry=None, area=None):
    return Road.objects.create(
        code=code,
        name="江北大道",
        road_class=cls,
        area=area or world.subdistrict,
        geometry=geometry or LINE,
    )


def feature(code, name="礁下路", cls="street", area="330324001", geometry=None):
    return {
        "type": "Feature",
        "id": code,
        "properties": {"name": name, "class": cls, "area": area},
        "geometry": LINE if geometry is None else geometry,
    }


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def import_roads(world, content, name="roads.geojson", who="subdistrict_staff"):
    return do_import_register("roads", filename=name, content=content, actor=world.users[who])


def errors(job):
    return {(e["row"], e["column"]): e["message"] for e in rendered(job.errors)}


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [120.6, 28.0]},
        {"type": "LineString", "coordinates": [[120.6, 28.0], [120.6, 28.0]]},
        {"type": "LineString", "coordinates": [[120.6, 28.0], [200.0, 28.0]]},
        {"type": "LineString", "coordinates": [[120.6, 28.0], [float("nan"), 28.0]]},
        {"type": "LineString", "coordinates": [[120.6, 28.0], ["east", 28.0]]},
        {"type": "LineString", "coordinates": []},
    ],
    ids=["point", "one-spot", "out-of-range", "nan", "text", "empty"],
)
def test_a_road_refuses_a_geometry_that_is_not_a_line_on_the_globe(world, geometry):
    with pytest.raises(ValidationError) as refused:
        Road(code="R9", name="礁下路", area=world.subdistrict, geometry=geometry).full_clean()
    assert "geometry" in refused.value.message_dict


def test_a_road_and_a_river_keep_their_bounding_boxes(world):
    r = Road(code="R2", name="礁下路", area=world.subdistrict, geometry=LINE)
    r.full_clean()
    r.save()
    assert (r.min_lon, r.min_lat, r.max_lon, r.max_lat) == (120.61, 28.01, 120.63, 28.012)
    water = WaterBody(code="W1", name="瓯江", area=world.district, geometry=RIVER)
    water.full_clean()
    water.save()
    assert list(WaterBody.objects.near((120.6, 27.995, 120.61, 28.0))) == [water]
    assert list(WaterBody.objects.near((120.6, 28.0, 120.61, 28.01))) == []
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(ValidationError):
        WaterBody(code="W2", name="塘", area=world.district, geometry=bowtie).full_clean()


def test_roads_import_from_geojson_and_export_to_it_unchanged(world):
    job = import_roads(world, collection(feature("R1"), feature("R2", "江北大道", "主干道")))
    assert job.status == JobStatus.DONE and job.created_count == 2
    assert Road.objects.get(code="R2").road_class == RoadClass.MAIN
    assert Road.objects.get(code="R1").area == world.subdistrict
    _name, body = do_export_register("roads", "geojson", actor=world.users["subdistrict_staff"])
    exported = "".join(body).encode()
    data = json.loads(exported)
    assert [f["properties"]["code"] for f in data["features"]] == ["R1", "R2"]
    assert data["features"][0]["geometry"] == LINE
    again = import_roads(world, exported)
    assert again.status == JobStatus.DONE and again.unchanged_count == 2


def test_roads_import_from_csv_with_wkt_and_water_from_geojson(world):
    content = csv_bytes(
        [
            ["道路编码", "名称", "道路等级", "区域编码", "几何形状"],
            ["R5", "罗浮一巷", "巷弄", "330324001001", "LINESTRING (120.62 28.01, 120.625 28.015)"],
        ]
    )
    job = import_roads(world, content, name="roads.csv", who="community_staff")
    assert job.status == JobStatus.DONE
    assert Road.objects.get(code="R5").geometry["type"] == "LineString"
    river = {
        "type": "Feature",
        "properties": {"code": "W1", "name": "瓯江", "kind": "河流", "area_code": "330324"},
        "geometry": RIVER,
    }
    job = do_import_register(
        "water_bodies",
        filename="water.geojson",
        content=collection(river),
        actor=world.users["admin"],
    )
    assert job.status == JobStatus.DONE and WaterBody.objects.get().name == "瓯江"


def test_a_bad_row_refuses_the_whole_file_with_its_reason(world):
    nan = {"type": "LineString", "coordinates": [[120.6, 28.0], [float("nan"), 28.0]]}
    far = {"type": "LineString", "coordinates": [[120.6, 28.0], [120.6, 95.0]]}
    polygon = RIVER
    job = import_roads(
        world,
        collection(
            feature("R1"),
            feature("R2", geometry=nan),
            feature("R3", geometry=far),
            feature("R4", geometry=polygon),
            feature("R5", cls="highway"),
            feature("R6", area="999"),
        ),
    )
    assert job.status == JobStatus.REJECTED and Road.objects.count() == 0
    found = errors(job)
    assert "NaN" in found[(2, "geometry")]
    assert "WGS-84" in found[(3, "geometry")]
    assert "LineString" in found[(4, "geometry")]
    assert "highway" in found[(5, "road_class")]
    assert "999" in found[(6, "area_code")]
    assert (1, "geometry") not in found


def test_a_community_may_not_import_the_towns_roads(world):
    job = import_roads(world, collection(feature("R1")), who="community_staff")
    assert job.status == JobStatus.REJECTED and Road.objects.count() == 0
    assert "330324001" in errors(job)[(1, "area_code")]


def test_the_api_refuses_a_file_that_is_not_a_feature_collection(world, login):
    client = login(world.users["subdistrict_staff"])
    for content in (b'{"type": "Point", "coordinates": [1, 2]}', b"{not json"):
        response = client.post(
            "/api/v1/registers/roads/import",
            {"file": SimpleUploadedFile("r.geojson", content)},
        )
        assert response.status_code == 400 and response.json()["detail"]
    response = login(world.users["grid_worker"]).post(
        "/api/v1/registers/roads/import",
        {"file": SimpleUploadedFile("r.geojson", collection(feature("R1")))},
    )
    assert response.status_code == 403
    assert Road.objects.count() == 0
    assert client.get("/api/v1/registers/households/export?format=geojson").status_code == 400


def test_the_api_lists_roads_with_pages_and_filters(world, login):
    road(world, "R1")
    road(world, "R2", RoadClass.STREET)
    road(world, "R3", RoadClass.LANE, area=world.west)
    client = login(world.users["community_staff"])  # in the east: sees the town's roads
    data = client.get("/api/v1/areas/roads?page_size=1&page=2").json()
    assert data["count"] == 2 and data["pages"] == 2 and data["items"][0]["code"] == "R2"
    assert data["items"][0]["area_code"] == world.subdistrict.code
    assert data["items"][0]["geometry"] == LINE
    admin = login(world.users["admin"])
    data = admin.get("/api/v1/areas/roads?road_class=lane").json()
    assert [r["code"] for r in data["items"]] == ["R3"]
    data = admin.get(f"/api/v1/areas/roads?area={world.east.code}").json()
    assert data["count"] == 3
    assert admin.get("/api/v1/areas/roads?area=999").status_code == 404
    assert admin.get("/api/v1/areas/water-bodies").json()["count"] == 0


def test_the_area_map_draws_roads_by_class_and_the_water(world, login):
    road(
        world,
        "R1",
        geometry={"type": "LineString", "coordinates": [[120.6, 28.0], [120.64, 28.04]]},
    )
    road(world, "R2", RoadClass.LANE)
    WaterBody.objects.create(code="W1", name="瓯江", area=world.district, geometry=RIVER)
    response = login(world.users["subdistrict_staff"]).get(f"/areas/a/{world.subdistrict.code}/")
    layers = response.context["layers"]
    roads = {f["properties"]["code"]: f["properties"] for f in layers["roads"]["features"]}
    assert roads["R1"]["class"] == "main" and "label_at" in roads["R1"]
    assert -90 <= roads["R1"]["angle"] <= 90
    assert "label_at" not in roads["R2"]  # lanes are not labelled
    assert [f["properties"]["name"] for f in layers["water"]["features"]] == ["瓯江"]
    assert layers["legend"]["main"] == "主干道" and layers["legend"]["water"] == "河流"
    assert b'id="map-layers"' in response.content


def test_the_demo_draws_the_same_roads_and_a_river_with_nothing_built_in_it():
    from areas import demo, demo_geography
    from linli.demo import generate

    ctx = generate(scale=0.002, seed=7)
    roads = list(
        Road.objects.order_by("code").values_list("code", "name", "road_class", "geometry")
    )
    classes = {cls for _c, _n, cls, _g in roads}
    assert classes == {"main", "street", "lane"}
    assert {"江北大道", "罗浮大街"} <= {name for _c, name, _k, _g in roads}
    frame = box(*demo.BOUNDS)
    assert all(frame.buffer(1e-6).covers(shape(g)) for _c, _n, _k, g in roads)
    river = WaterBody.objects.get(name="瓯江")
    water = shape(river.geometry)
    assert water.bounds[3] < demo.BOUNDS[1]  # along the south edge
    assert not any(
        water.intersects(Point(x, y)) for x, y in Building.objects.values_list("lon", "lat")
    )
    # The same network again from the same seed, whatever else the demo drew meanwhile.
    Road.objects.all().delete()
    WaterBody.objects.all().delete()
    communities = [(c, shape(c.boundary)) for c in ctx.data["communities"]]
    subdistricts = [(s, shape(s.boundary)) for s in ctx.data["subdistricts"]]
    demo_geography.generate(7, demo.BOUNDS, subdistricts, ctx.data["district"], communities)
    again = list(
        Road.objects.order_by("code").values_list("code", "name", "road_class", "geometry")
    )
    assert again == roads
    assert WaterBody.objects.get().geometry == river.geometry


def test_a_file_nested_past_any_geometry_is_refused_not_an_error(world):
    deep = "[" * 5000 + "]" * 5000
    content = ('{"type": "FeatureCollection", "features": [' + deep + "]}").encode()
    with pytest.raises(FileError):
        import_roads(world, content)
    nested = {"type": "LineString", "coordinates": json.loads("[" * 900 + "]" * 900)}
    job = import_roads(world, collection(feature("R1", geometry=nested)))
    assert job.status == JobStatus.REJECTED and (1, "geometry") in errors(job)
