"""Service points (schools, clinics, markets, bus stops, party-mass service centres, stations):
the register (CSV in Chinese, export and import again, bad rows refused), who sees them (as the
roads: one's own areas and those above), the API list and its filters, the area map's layer and
legend, and the demo's points with the demo accounts' places."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from areas.models import Road, RoadClass, ServiceKind, ServicePoint
from areas.registers.actions import do_export_register, do_import_register
from areas.registers.engine import rendered
from areas.registers.tests.helpers import csv_bytes
from areas.registers.workflow import JobStatus

pytestmark = pytest.mark.django_db

HEADER = ["服务点编码", "名称", "服务类型", "区域编码", "地址", "经度", "纬度"]


def point(world, code, kind=ServiceKind.SCHOOL, area=None, lon=120.63, lat=28.01):
    return ServicePoint.objects.create(
        code=code, name=f"服务点{code}", kind=kind, area=area or world.subdistrict, lon=lon, lat=lat
    )


def _import(world, rows, who="subdistrict_staff"):
    return do_import_register(
        "service_points",
        filename="points.csv",
        content=csv_bytes([HEADER, *rows]),
        actor=world.users[who],
    )


def test_service_points_import_in_chinese_and_export_to_import_again(world):
    east = world.east.code
    job = _import(
        world,
        [
            ["S1", "东社区党群服务中心", "党群服务中心", east, "东路1号", "120.631", "28.011"],
            ["S2", "瓯北第一小学", "学校", world.subdistrict.code, "", "120.632", "28.012"],
            ["S3", "江北大道东站", "bus_stop", world.subdistrict.code, "", "120.633", "28.013"],
        ],
    )
    assert job.status == JobStatus.DONE and job.created_count == 3
    office = ServicePoint.objects.get(code="S1")
    assert office.kind == ServiceKind.PARTY_CENTRE and office.area == world.east
    _name, body = do_export_register(
        "service_points", "csv", actor=world.users["subdistrict_staff"]
    )
    exported = "".join(body).encode()
    assert "党群服务中心" in exported.decode("utf-8-sig") and "公交站" in exported.decode(
        "utf-8-sig"
    )
    again = do_import_register(
        "service_points",
        filename="p.csv",
        content=exported,
        actor=world.users["subdistrict_staff"],
    )
    assert again.status == JobStatus.DONE and again.unchanged_count == 3


def test_a_bad_kind_a_null_island_or_anothers_area_refuses_the_file(world):
    job = _import(
        world,
        [
            ["S1", "某处", "游乐场", world.east.code, "", "120.63", "28.01"],
            ["S2", "某处", "学校", world.east.code, "", "0", "0"],
        ],
    )
    assert job.status == JobStatus.REJECTED
    assert {(e["row"], e["column"]) for e in rendered(job.errors)} == {
        (2, "kind"),
        (3, "lon"),
    }  # row 1 is the header
    job = _import(
        world,
        [["S3", "西驿站", "驿站", world.west.code, "", "120.61", "28.01"]],
        who="community_staff",
    )
    assert job.status == JobStatus.REJECTED
    assert not ServicePoint.objects.exists()


def test_a_service_point_refuses_a_position_off_the_globe(world):
    with pytest.raises(ValidationError):
        ServicePoint(
            code="S1", name="x", kind=ServiceKind.MARKET, area=world.east, lon=200, lat=28
        ).full_clean()


def test_the_api_lists_what_the_caller_sees_by_kind_and_area(world, login):
    point(world, "S1")  # the town's: everyone below sees it
    point(world, "S2", ServiceKind.PARTY_CENTRE, area=world.east)
    point(world, "S3", ServiceKind.STATION, area=world.west, lon=120.61)
    client = login(world.users["community_staff"])  # in the east
    data = client.get("/api/v1/areas/service-points").json()
    assert [p["code"] for p in data["items"]] == ["S1", "S2"]
    assert data["items"][1]["kind"] == "party_centre"
    assert data["items"][1]["area_code"] == world.east.code
    admin = login(world.users["admin"])
    data = admin.get("/api/v1/areas/service-points?kind=station").json()
    assert [p["code"] for p in data["items"]] == ["S3"]
    assert admin.get("/api/v1/areas/service-points?kind=zoo").status_code in (400, 422)
    assert admin.get("/api/v1/areas/service-points?area=999").status_code == 404


def test_the_area_map_draws_the_service_points_with_their_kinds(world, login):
    point(world, "S2", ServiceKind.PARTY_CENTRE, area=world.east, lon=120.63, lat=28.01)
    point(world, "S9", ServiceKind.MARKET, area=world.subdistrict, lon=121.5, lat=29.0)  # far
    response = login(world.users["community_staff"]).get(f"/areas/a/{world.east.code}/")
    layers = response.context["layers"]
    assert [f["properties"]["code"] for f in layers["services"]["features"]] == ["S2"]
    assert layers["services"]["features"][0]["properties"]["kind"] == "party_centre"
    assert layers["legend"]["services"]["party_centre"] == "党群服务中心"


def test_the_demo_puts_an_office_in_every_community_stops_on_the_roads_and_the_accounts_on_the_map():
    from linli.demo import generate

    ctx = generate(scale=0.02, seed=7)
    communities = ctx.data["communities"]
    for community in communities:
        offices = ServicePoint.objects.filter(area=community, kind=ServiceKind.PARTY_CENTRE)
        assert offices.count() == 1
        office = offices.get()
        assert shape(community.boundary).covers(Point(office.lon, office.lat)), community.name
    kinds = set(ServicePoint.objects.values_list("kind", flat=True))
    assert kinds == set(ServiceKind.values)
    through = unary_union(
        [
            shape(g)
            for g in Road.objects.exclude(road_class=RoadClass.LANE).values_list(
                "geometry", flat=True
            )
        ]
    )
    stops = ServicePoint.objects.filter(kind=ServiceKind.BUS_STOP)
    assert stops.count() >= 20
    assert all(through.distance(Point(s.lon, s.lat)) < 0.0002 for s in stops)
    # The demo accounts' places: the office of the staff's community, the worker's grid and
    # the resident's building with its footprint inside that grid.
    places = ctx.data["places"]
    users = ctx.data["users"]
    staff_area = users["community_staff"].role_assignments.get().area
    assert places["office"].area == staff_area
    grid = users["grid_worker"].role_assignments.get().area
    assert places["grid"] == grid
    building = users["resident"].resident.household.building
    assert building == places["building"] and building.grid == grid
    assert building.footprint
    assert shape(grid.boundary).buffer(1e-6).covers(shape(building.footprint).centroid)
