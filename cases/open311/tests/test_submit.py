from __future__ import annotations

from typing import Any

import pytest

from cases.models import Case, Channel
from cases.open311.actions import do_set_api_key_active
from cases.open311.models import Open311Request, ServiceAttribute
from cases.open311.tests.helpers import parse, post, xml_errors


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_creates_a_case_through_the_report_action(client: Any, world: Any, fmt: str) -> None:
    response = post(
        client,
        world,
        fmt,
        email="li@example.com",
        first_name="四",
        last_name="李",
        phone="13900001111",
        device_id="dev-1",
        account_id="acc-9",
        media_url="https://img.example.com/1.jpg",
    )
    assert response.status_code == 201
    case = Case.objects.get()
    assert case.channel == Channel.OPEN311
    assert case.reporter == world.api_key_obj.user
    assert case.area_code == world.east_grid.code
    assert case.caller_name == "李四"
    assert case.transitions.get().note.startswith("Sent through Open311") or "Open311" in (
        case.transitions.get().note
    )
    sent = Open311Request.objects.get(case=case)
    assert (sent.email, sent.device_id, sent.account_id) == ("li@example.com", "dev-1", "acc-9")
    body = parse(response)
    if fmt == "json":
        assert body[0]["service_request_id"] == case.number
        assert body[0]["token"] == sent.token
        assert body[0]["service_notice"]
        assert body[0]["account_id"] == "acc-9"
    else:
        assert body.tag == "service_requests"
        assert body.find("request/service_request_id").text == case.number
        assert body.find("request/token").text == sent.token


def test_it_places_an_address_id_through_its_building(client: Any, world: Any) -> None:
    response = post(client, world, lat=None, long=None, address_id=world.west_building.code)
    assert response.status_code == 201
    case = Case.objects.get()
    assert case.building == world.west_building
    assert case.area_code == world.west_grid.code


def test_it_places_an_address_string_naming_one_building(client: Any, world: Any) -> None:
    response = post(client, world, lat=None, long=None, address_string=world.east_building.name)
    assert response.status_code == 201
    assert Case.objects.get().building == world.east_building


def test_it_keeps_an_address_string_given_with_coordinates(client: Any, world: Any) -> None:
    post(client, world, address_string="东社区北门")
    assert Case.objects.get().address == "东社区北门"


def _refused(response: Any, status: int, fmt: str = "json") -> str:
    assert response.status_code == status
    assert Case.objects.count() == 0
    assert Open311Request.objects.count() == 0
    if fmt == "xml":
        (code, description), *_ = xml_errors(response)
        assert code == str(status)
        return description
    body = parse(response)
    assert body[0]["code"] == status
    return str(body[0]["description"])


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key", [None, "", "not-a-key"])
def test_it_refuses_a_missing_or_bad_api_key(client: Any, world: Any, fmt: str, key: Any) -> None:
    assert "api_key" in _refused(post(client, world, fmt, api_key=key), 403, fmt)


def test_it_refuses_a_switched_off_key(client: Any, world: Any) -> None:
    do_set_api_key_active(world.api_key_obj, active=False, actor=None)
    _refused(post(client, world), 403)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_refuses_an_unknown_service(client: Any, world: Any, fmt: str) -> None:
    assert "NOPE" in _refused(post(client, world, fmt, service_code="NOPE"), 400, fmt)


def test_it_does_not_offer_disputes(client: Any, world: Any) -> None:
    _refused(post(client, world, service_code="Z0101"), 400)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_refuses_a_missing_location(client: Any, world: Any, fmt: str) -> None:
    assert "location" in _refused(post(client, world, fmt, lat=None, long=None), 400, fmt)


@pytest.mark.parametrize(
    "extra",
    [
        {"lat": None},
        {"lat": "north"},
        {"lat": "95", "long": "120"},
        {"lat": "0", "long": "0"},  # outside every served area
        {"lat": None, "long": None, "address_id": "NO-SUCH"},
        {"lat": None, "long": None, "address_string": "火星路1号"},
    ],
)
def test_it_refuses_bad_locations(client: Any, world: Any, extra: dict[str, Any]) -> None:
    _refused(post(client, world, **extra), 400)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_refuses_a_description_over_4000_characters(client: Any, world: Any, fmt: str) -> None:
    assert "4000" in _refused(post(client, world, fmt, description="脏" * 4001), 400, fmt)


@pytest.mark.parametrize(
    "extra",
    [
        {"description": "  "},
        {"email": "not-an-address"},
        {"media_url": "ftp://x/y.jpg"},
        {"phone": "1" * 21},
    ],
)
def test_it_refuses_bad_fields(client: Any, world: Any, extra: dict[str, Any]) -> None:
    _refused(post(client, world, **extra), 400)


def test_it_refuses_a_location_outside_the_keys_area(client: Any, world: Any) -> None:
    world.api_key_obj.area = world.east
    world.api_key_obj.save(update_fields=["area"])
    _refused(post(client, world, lat="28.005", long="120.61"), 400)
    assert post(client, world).status_code == 201


@pytest.fixture
def attributes(world: Any) -> Any:
    from cases.models import Category

    category = Category.objects.get(code="Z0201")
    ServiceAttribute.objects.create(
        category=category,
        code="blocked",
        description="How blocked",
        datatype="singlevaluelist",
        required=True,
        values=[{"key": "partly", "name": "Partly"}, {"key": "fully", "name": "Fully"}],
    )
    ServiceAttribute.objects.create(
        category=category, code="count", description="Vehicles", datatype="number", order=2
    )
    ServiceAttribute.objects.create(
        category=category,
        code="kinds",
        description="Kinds",
        datatype="multivaluelist",
        order=3,
        values=[{"key": "car", "name": "Car"}, {"key": "bike", "name": "Bike"}],
    )
    return category


def test_it_stores_attribute_answers_and_notes_them(
    client: Any, world: Any, attributes: Any
) -> None:
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": world.api_key,
            "service_code": "Z0201",
            "lat": "28.005",
            "long": "120.63",
            "description": "消防通道被堵",
            "attribute[blocked]": "fully",
            "attribute[count]": "3",
            "attribute[kinds][]": ["car", "bike"],
            "attribute[fixmystreet_id]": "77",
        },
    )
    assert response.status_code == 201
    sent = Open311Request.objects.get()
    assert sent.attributes == {"blocked": "fully", "count": "3", "kinds": ["car", "bike"]}
    assert "How blocked: Fully" in sent.case.transitions.get().note


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"attribute[blocked]": "somewhat"},
        {"attribute[blocked]": "fully", "attribute[count]": "many"},
        {"attribute[blocked]": "fully", "attribute[kinds][]": ["car", "tank"]},
    ],
)
def test_it_refuses_bad_attribute_answers(
    client: Any, world: Any, attributes: Any, answers: dict[str, Any]
) -> None:
    _refused(post(client, world, service_code="Z0201", **answers), 400)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_answers_a_token_with_its_request(client: Any, world: Any, fmt: str) -> None:
    post(client, world)
    sent = Open311Request.objects.get()
    response = client.get(f"/open311/v2/tokens/{sent.token}.{fmt}")
    assert response.status_code == 200
    body = parse(response)
    if fmt == "json":
        assert body == [{"service_request_id": sent.case.number, "token": sent.token}]
    else:
        assert body.find("request/service_request_id").text == sent.case.number


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_answers_404_for_an_unknown_token(client: Any, world: Any, fmt: str) -> None:
    response = client.get(f"/open311/v2/tokens/deadbeef.{fmt}")
    assert response.status_code == 404
    if fmt == "xml":
        assert xml_errors(response)[0][0] == "404"
