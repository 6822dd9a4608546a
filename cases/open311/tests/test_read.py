from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine

from cases.actions import do_accept_case, do_merge_case, do_reject_case
from cases.models import Case, Category
from cases.open311.models import ServiceAttribute
from cases.open311.tests.helpers import parse, post, xml_errors

URL = "/open311/v2/"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_serves_a_discovery_document(client: Any, world: Any, fmt: str) -> None:
    response = client.get(f"{URL}discovery.{fmt}")
    assert response.status_code == 200
    body = parse(response)
    if fmt == "json":
        endpoint = body["endpoints"][0]
        assert endpoint["url"].endswith("/open311/v2/")
        assert endpoint["formats"] == ["text/xml", "application/json"]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    else:
        assert body.tag == "discovery"
        formats = [f.text for f in body.findall("endpoints/endpoint/formats/format")]
        assert formats == ["text/xml", "application/json"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_lists_leaf_categories_as_services(client: Any, world: Any, fmt: str) -> None:
    ServiceAttribute.objects.create(
        category=Category.objects.get(code="B0103"), code="pole", description="Pole"
    )
    response = client.get(f"{URL}services.{fmt}")
    assert response.status_code == 200
    body = parse(response)
    if fmt == "json":
        by_code = {s["service_code"]: s for s in body}
        assert by_code["S0101"]["service_name"] == "暴露垃圾"
        assert by_code["S0101"]["group"] == "市容环境"
        assert by_code["S0101"]["metadata"] is False
        assert by_code["B0103"]["metadata"] is True
        assert by_code["S0101"]["type"] == "realtime"
    else:
        by_code = {s.findtext("service_code"): s for s in body.findall("service")}
        assert by_code["B0103"].findtext("metadata") == "true"
        assert by_code["S0101"].findtext("metadata") == "false"
    assert "S01" not in by_code  # a branch of the tree is not a service
    assert "Z0101" not in by_code  # disputes are not offered


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_defines_a_service_with_its_attributes(client: Any, world: Any, fmt: str) -> None:
    ServiceAttribute.objects.create(
        category=Category.objects.get(code="Z0201"),
        code="blocked",
        description="How blocked",
        datatype="singlevaluelist",
        required=True,
        values=[{"key": "partly", "name": "Partly"}],
    )
    response = client.get(f"{URL}services/Z0201.{fmt}")
    assert response.status_code == 200
    body = parse(response)
    if fmt == "json":
        assert body["service_code"] == "Z0201"
        (attr,) = body["attributes"]
        assert attr["code"] == "blocked"
        assert attr["required"] is True
        assert attr["values"] == [{"key": "partly", "name": "Partly"}]
    else:
        assert body.tag == "service_definition"
        assert body.findtext("attributes/attribute/code") == "blocked"
        assert body.findtext("attributes/attribute/values/value/key") == "partly"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_answers_404_for_an_unknown_service_definition(
    client: Any, world: Any, fmt: str
) -> None:
    response = client.get(f"{URL}services/NOPE.{fmt}")
    assert response.status_code == 404
    if fmt == "xml":
        assert xml_errors(response)[0][0] == "404"
    else:
        assert parse(response)[0]["code"] == 404


def _make(client: Any, world: Any, n: int = 1, **data: Any) -> list[Case]:
    for _i in range(n):
        assert post(client, world, **data).status_code == 201
    return list(Case.objects.order_by("id"))


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_shows_one_request_without_personal_data(client: Any, world: Any, fmt: str) -> None:
    (case,) = _make(
        client,
        world,
        first_name="四",
        last_name="李",
        phone="13900001111",
        email="li@example.com",
        description="垃圾堆在门口，联系13912345678",
        media_url="https://img.example.com/1.jpg",
    )
    response = client.get(f"{URL}requests/{case.number}.{fmt}")
    assert response.status_code == 200
    text = response.content.decode()
    for secret in ("13900001111", "li@example.com", "李四", "13912345678", world.api_key):
        assert secret not in text
    body = parse(response)
    if fmt == "json":
        (row,) = body
        assert row["service_request_id"] == case.number
        assert row["status"] == "open"
        assert row["status_notes"] == "Reported" or row["status_notes"]
        assert row["service_code"] == "S0101"
        assert row["requested_datetime"].endswith("+08:00")
        assert row["lat"] == pytest.approx(28.005)
        assert row["long"] == pytest.approx(120.63)
        assert row["media_url"] == "https://img.example.com/1.jpg"
        assert "extended_attributes" not in row
    else:
        assert body.findtext("request/service_request_id") == case.number
        assert body.findtext("request/status") == "open"
        assert body.findtext("request/requested_datetime").endswith("+08:00")


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("number", ["20200101-999999", "nonsense", "1"])
def test_it_answers_404_for_an_unknown_request(
    client: Any, world: Any, fmt: str, number: str
) -> None:
    response = client.get(f"{URL}requests/{number}.{fmt}")
    assert response.status_code == 404


def test_it_answers_404_for_a_request_number_with_a_wrong_date(client: Any, world: Any) -> None:
    (case,) = _make(client, world)
    assert client.get(f"{URL}requests/19990101-{case.pk}.json").status_code == 404


def _ids(client: Any, query: str, fmt: str = "json") -> list[str]:
    response = client.get(f"{URL}requests.{fmt}?{query}")
    assert response.status_code == 200, response.content
    body = parse(response)
    if fmt == "json":
        return [r["service_request_id"] for r in body]
    return [r.findtext("service_request_id") for r in body.findall("request")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_lists_requests_newest_first(client: Any, world: Any, fmt: str) -> None:
    cases = _make(client, world, 3)
    assert _ids(client, "", fmt) == [c.number for c in reversed(cases)]


def test_it_lists_only_the_last_90_days_by_default(client: Any, world: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 1, 5, 3, tzinfo=dt.UTC)):
        (old,) = _make(client, world)
    with time_machine.travel(dt.datetime(2026, 6, 1, 3, tzinfo=dt.UTC)):
        new = _make(client, world)[-1]
        assert _ids(client, "") == [new.number]
        assert _ids(client, "start_date=2026-01-01T00:00:00%2B08:00") == [new.number, old.number]
        assert _ids(client, "end_date=2026-01-31") == [old.number]
        assert _ids(client, "start_date=2026-01-01&end_date=2026-01-04") == []


def test_it_filters_by_ids_overriding_the_rest(client: Any, world: Any) -> None:
    a, b, c = _make(client, world, 3)
    query = f"service_request_id={a.number},{c.number}&service_code=B0101&status=closed"
    assert sorted(_ids(client, query)) == sorted([a.number, c.number])


def test_it_filters_by_service_code_and_status(client: Any, world: Any) -> None:
    a, b = _make(client, world, 2)
    c = _make(client, world, service_code="S0102")[-1]
    do_accept_case(a, actor=world.users["community_staff"])
    do_reject_case(b, actor=world.users["community_staff"], reason="重复")
    assert _ids(client, "service_code=S0102") == [c.number]
    assert sorted(_ids(client, "service_code=S0101,S0102")) == sorted(
        [a.number, b.number, c.number]
    )
    assert _ids(client, "status=closed") == [b.number]
    assert sorted(_ids(client, "status=open")) == sorted([a.number, c.number])
    assert sorted(_ids(client, "status=open,closed")) == sorted([a.number, b.number, c.number])


def test_it_pages_and_filters_on_updates(client: Any, world: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 3, tzinfo=dt.UTC), tick=False):
        early = _make(client, world, 3)
    with time_machine.travel(dt.datetime(2026, 3, 9, 3, tzinfo=dt.UTC), tick=False):
        do_accept_case(early[0], actor=world.users["community_staff"])
        newest = [c.number for c in reversed(early)]
        assert _ids(client, "page_size=2") == newest[:2]
        assert _ids(client, "page_size=2&page=2") == newest[2:]
        assert _ids(client, "updated_after=2026-03-05") == [early[0].number]
        assert _ids(client, "updated_before=2026-03-05") == newest[:2]


def test_it_adds_extended_attributes_on_request(client: Any, world: Any) -> None:
    a, b = _make(client, world, 2)
    do_merge_case(b, into=a, actor=world.users["community_staff"])
    rows = json.loads(client.get(f"{URL}requests.json?extensions=true").content)
    merged = next(r for r in rows if r["service_request_id"] == b.number)
    assert merged["status"] == "closed"
    ext = merged["extended_attributes"]
    assert ext["detailed_status"] == "merged"
    assert ext["channel"] == "open311"
    assert ext["duplicate"] == a.number
    assert ext["parent_service_request_id"] == a.number
    xml = client.get(f"{URL}requests/{b.number}.xml?extensions=true")
    assert parse(xml).findtext("request/extended_attributes/duplicate") == a.number


@pytest.mark.parametrize(
    "query",
    [
        "status=pending",
        "start_date=yesterday",
        "updated_after=2026-13-45",
        "service_code=NOPE",
        "service_request_id=abc",
        "page=0",
        "page_size=1001",
        "page=x",
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_refuses_bad_filters(client: Any, world: Any, query: str, fmt: str) -> None:
    response = client.get(f"{URL}requests.{fmt}?{query}")
    assert response.status_code == 400
    if fmt == "xml":
        assert xml_errors(response)[0][0] == "400"
    else:
        assert parse(response)[0]["code"] == 400


def test_it_leaves_disputes_out_of_the_list(client: Any, world: Any) -> None:
    from cases.actions import do_report_case

    do_report_case(
        actor=world.users["resident"],
        category="Z0101",
        description="邻居吵架",
        lon=120.63,
        lat=28.005,
    )
    assert _ids(client, "") == []


def test_it_lists_with_a_fixed_number_of_queries(
    client: Any, world: Any, django_assert_num_queries: Any
) -> None:
    _make(client, world, 2)
    _make(client, world, 2, address_id=world.east_building.code, lat=None, long=None)
    with django_assert_num_queries(1):
        client.get(f"{URL}requests.json?extensions=true")


def test_it_refuses_other_methods(client: Any, world: Any) -> None:
    assert client.delete(f"{URL}requests.json").status_code == 405
    assert client.post(f"{URL}services.json").status_code == 405


def test_it_keeps_sensitive_categories_out_of_the_public_feed(client: Any, world: Any) -> None:
    """独居老人关怀 and 困难帮扶 concern a vulnerable person: not a service, not listed, not
    shown by number, not taken in."""
    from cases.actions import do_report_case

    assert set(Category.objects.filter(sensitive=True).values_list("code", flat=True)) == {
        "Z0501",
        "Z0502",
    }
    case = do_report_case(
        actor=world.users["grid_worker"],
        channel="patrol",
        category="Z0501",
        description="王奶奶独居，三天没出门",
        lon=120.63,
        lat=28.005,
    )
    services = {s["service_code"] for s in parse(client.get(f"{URL}services.json"))}
    assert "S0101" in services and not services & {"Z0501", "Z0502"}
    assert client.get(f"{URL}services/Z0501.json").status_code == 404
    assert _ids(client, "") == [] and _ids(client, "", "xml") == []
    assert client.get(f"{URL}requests/{case.number}.json").status_code == 404
    assert "王奶奶" not in client.get(f"{URL}requests.json?service_code=Z0501").content.decode()
    assert post(client, world, service_code="Z0502").status_code == 400


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_it_rounds_public_coordinates_to_about_100_m(client: Any, world: Any, fmt: str) -> None:
    (case,) = _make(client, world, lat="28.005678", long="120.631234")
    assert (case.lat, case.lon) == (28.005678, 120.631234)  # kept in full for the staff
    body = parse(client.get(f"{URL}requests/{case.number}.{fmt}"))
    if fmt == "json":
        assert (body[0]["lat"], body[0]["long"]) == (28.006, 120.631)
    else:
        assert (body.findtext("request/lat"), body.findtext("request/long")) == (
            "28.006",
            "120.631",
        )
