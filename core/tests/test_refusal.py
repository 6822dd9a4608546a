"""The one refusal (`core.refusal`): the API answers every refusal with the one error body
`{"detail", "field"}` and its status, the OpenAPI schema documents that body once, and a page
shows a refusal beside the form field it names, at the top of the form, or as a message."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import Http404
from django.test import RequestFactory

from core.http import show_refusal
from core.refusal import Conflict, Forbidden, Invalid, NotFound, Refusal
from linli.api import api, refused
from points.actions import do_redeem_item
from points.tests.helpers import give, make_store


@pytest.mark.parametrize(
    ("refusal", "status"),
    [
        (Invalid("Enter a number.", "quantity"), 400),
        (Forbidden("Only staff may do this."), 403),
        (NotFound("No such case."), 404),
        (Conflict("Another worker took it.", "code"), 409),
        (Refusal("Too many wrong codes.", "code", status=429), 429),
    ],
)
def test_it_answers_each_refusal_with_its_status_and_the_one_body(refusal, status):
    response = refused(RequestFactory().get("/api/v1/x"), refusal)
    assert response.status_code == status
    assert json.loads(response.content) == {"detail": refusal.message, "field": refusal.field}


def test_it_answers_a_refusal_raised_by_an_action_through_the_handler(world, client):
    client.force_login(world.users["community_staff"])
    missing = client.get("/api/v1/cases/999999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "没有这个案件。", "field": ""}
    bad = client.post(
        "/api/v1/points/manage/stores",
        {"community_code": world.east.code, "name": ""},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "name" and bad.json()["detail"]


def test_it_answers_the_authentication_in_the_same_body(db, client):
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized", "field": ""}


def _ref(response: dict[str, Any]) -> str:
    return response["content"]["application/json"]["schema"]["$ref"]


def test_it_documents_the_error_body_once_and_every_endpoint_refers_to_it(db):
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    assert components["ErrorOut"]["required"] == ["detail"]
    assert set(components["ErrorOut"]["properties"]) == {"detail", "field"}
    bodies = {n for n, c in components.items() if "detail" in c.get("properties", {})}
    assert bodies == {"ErrorOut", "ValidationErrorOut"}
    refusals = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if int(code) in (400, 401, 403, 404, 409, 429):
                    refusals += 1
                    assert _ref(response) == "#/components/schemas/ErrorOut", (path, method, code)
                elif int(code) == 422:
                    ref = _ref(response)
                    assert ref == "#/components/schemas/ValidationErrorOut", (path, method)
    assert refusals > 100


def _request() -> Any:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


class PickupForm(forms.Form):
    code = forms.CharField()
    quantity = forms.IntegerField()


def test_it_shows_a_refusal_beside_the_field_it_names_or_at_the_top_of_the_form():
    form = PickupForm({"code": "AB", "quantity": "1"})
    assert form.is_valid()
    show_refusal(_request(), Conflict("This code was used.", "code"), form)
    show_refusal(_request(), Invalid("Stock is low.", "stock"), form)  # not a field of the form
    show_refusal(_request(), Invalid("Try again."), form)
    assert form.errors["code"] == ["This code was used."]
    assert form.non_field_errors() == ["Stock is low.", "Try again."]


def test_it_shows_each_field_of_a_refusal_on_several_fields():
    form = PickupForm({"code": "AB", "quantity": "1"})
    assert form.is_valid()
    refusal = Invalid.on_fields({"code": "Too short.", "quantity": ["Too many.", "Too odd."]})
    assert (refusal.message, refusal.field) == ("Too short.", "code")
    show_refusal(_request(), refusal, form)
    assert form.errors == {"code": ["Too short."], "quantity": ["Too many.", "Too odd."]}


def test_it_shows_a_refusal_without_a_form_as_a_message_and_a_404_refusal_as_the_404():
    request = _request()
    show_refusal(request, Conflict("Someone else took the order."))
    show_refusal(request, NotFound("That store is outside your area."), not_found_page=False)
    assert [str(m) for m in get_messages(request)] == [
        "Someone else took the order.",
        "That store is outside your area.",
    ]
    with pytest.raises(Http404):
        show_refusal(_request(), NotFound("No such plan."))


def test_it_shows_an_actions_refusal_on_the_page_beside_its_field(world, login):
    item = make_store(world)
    resident = world.users["resident"]
    give(world, resident, 100)
    do_redeem_item(resident, item)
    response = login(world.users["community_staff"]).post(
        "/points/manage/pickup/", {"code": "ABCDEFGH"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["没有这个取货码的兑换记录。"]
    assert "没有这个取货码的兑换记录。" in response.content.decode()
