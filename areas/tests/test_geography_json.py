"""The geography the other maps draw (`/areas/geography.json?bbox=`): the roads, water and
service points the user sees near a frame, with the legend; a frame that is not one is refused."""

from __future__ import annotations

import pytest

from areas.models import Road, RoadClass, ServiceKind, ServicePoint

pytestmark = pytest.mark.django_db

URL = "/areas/geography.json"
LINE = {"type": "LineString", "coordinates": [[120.62, 28.01], [120.64, 28.012]]}


def test_it_gives_the_roads_and_service_points_near_a_frame_with_the_legend(world, login):
    Road.objects.create(
        code="R1", name="江北大道", road_class=RoadClass.MAIN, area=world.subdistrict, geometry=LINE
    )
    Road.objects.create(
        code="R2", name="西巷", road_class=RoadClass.LANE, area=world.west, geometry=LINE
    )
    ServicePoint.objects.create(
        code="S1",
        name="东社区党群服务中心",
        kind=ServiceKind.PARTY_CENTRE,
        area=world.east,
        lon=120.63,
        lat=28.01,
    )
    client = login(
        world.users["community_staff"]
    )  # the east's: the town's road, not the west's lane
    data = client.get(URL, {"bbox": "120.62,28.0,120.64,28.02"}).json()
    assert [f["properties"]["code"] for f in data["roads"]["features"]] == ["R1"]
    assert [f["properties"]["code"] for f in data["services"]["features"]] == ["S1"]
    assert data["legend"]["main"] == "主干道"
    far = client.get(URL, {"bbox": "100.0,20.0,100.1,20.1"}).json()
    assert far["roads"]["features"] == [] and far["services"]["features"] == []


@pytest.mark.parametrize(
    "bbox", ["", "1,2,3", "a,b,c,d", "120.64,28.0,120.62,28.02", "100,20,110,30", "0,0,0,nan"]
)
def test_it_refuses_what_is_not_a_frame(world, login, bbox):
    response = login(world.users["community_staff"]).get(URL, {"bbox": bbox})
    assert response.status_code == 400 and response.json()["detail"]


def test_it_asks_for_a_sign_in(client):
    assert client.get(URL, {"bbox": "120.62,28.0,120.64,28.02"}).status_code == 302
