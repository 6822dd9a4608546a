"""Intake does its work in a handful of queries, and what it keeps in memory per process
(tokens, keys, categories) never outlives a change made in the same process."""

from typing import Any

from accounts.models import ApiToken, RoleAssignment
from cases.models import Case, Category
from cases.open311.actions import do_issue_api_key, do_set_api_key_active, service_account
from cases.tests.helpers import EAST, report
from core.models import Notification

URL = "/api/v1/cases/"


def _body(**kw: Any) -> dict[str, Any]:
    return {"category": "B0102", "description": "井盖破了", "lon": EAST[0], "lat": EAST[1]} | kw


def test_it_reports_through_the_api_in_a_few_queries(
    world: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    _token, key = ApiToken.issue(world.users["resident"], "phone")
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "k-1"}
    client.post(URL, _body(), content_type="application/json", headers=headers)  # warm
    headers["Idempotency-Key"] = "k-2"
    # The case, its history, audit and the desk's notice, between BEGIN and COMMIT: the desk
    # staff are known from the memo, and the answer is built from what was written.
    with django_assert_max_num_queries(6):
        r = client.post(URL, _body(), content_type="application/json", headers=headers)
    assert r.status_code == 201
    out = r.json()
    assert out["area_name"] == world.east_grid.name
    assert [t["action"] for t in out["transitions"]] == ["report"]
    assert out["transitions"][0]["actor"] == world.users["resident"].name
    assert out["photos"] == [] and out["supporters"] == 0
    again = client.get(f"{URL}{out['id']}", headers={"Authorization": f"Bearer {key}"}).json()
    assert {k: v for k, v in again.items() if k != "replayed"} == {
        k: v for k, v in out.items() if k != "replayed"
    }


def test_it_refuses_a_deleted_token_at_once(world: Any, client: Any) -> None:
    token, key = ApiToken.issue(world.users["resident"], "phone")
    headers = {"Authorization": f"Bearer {key}"}
    assert (
        client.post(URL, _body(), content_type="application/json", headers=headers).status_code
        == 201
    )
    token.delete()
    assert (
        client.post(URL, _body(), content_type="application/json", headers=headers).status_code
        == 401
    )
    assert Case.objects.count() == 1


def test_it_refuses_a_token_of_a_switched_off_account_at_once(world: Any, client: Any) -> None:
    user = world.users["resident"]
    _token, key = ApiToken.issue(user, "phone")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/accounts/me", headers=headers).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert (
        client.post(URL, _body(), content_type="application/json", headers=headers).status_code
        == 401
    )


def test_it_answers_a_retry_with_its_case_even_if_the_retry_would_now_be_refused(
    world: Any, login: Any
) -> None:
    client = login(world.users["resident"])
    headers = {"Idempotency-Key": "offline-1"}
    first = client.post(URL, _body(), content_type="application/json", headers=headers)
    assert first.status_code == 201
    Category.objects.filter(code="B0102").update(active=False)
    Category.objects.get(code="B0102").save()  # the admin's save clears the memo
    again = client.post(URL, _body(), content_type="application/json", headers=headers)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert again.json()["replayed"]
    other = client.post(
        URL, _body(), content_type="application/json", headers={"Idempotency-Key": "new"}
    )
    assert other.status_code == 400 and other.json()["field"] == "category"
    assert Case.objects.count() == 1


def test_it_refuses_a_switched_off_open311_key_at_once(world: Any, client: Any) -> None:
    api_key, key = do_issue_api_key(name="c", user=service_account("c"), actor=None)
    data = {
        "api_key": key,
        "service_code": "S0101",
        "lat": str(EAST[1]),
        "long": str(EAST[0]),
        "description": "垃圾",
    }
    assert client.post("/open311/v2/requests.json", data).status_code == 201
    do_set_api_key_active(api_key, active=False, actor=world.users["admin"])
    assert client.post("/open311/v2/requests.json", data).status_code == 403
    assert Case.objects.count() == 1


def test_it_takes_open311_requests_in_a_few_queries(
    world: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    _api_key, key = do_issue_api_key(name="c", user=service_account("c"), actor=None)
    data = {
        "api_key": key,
        "service_code": "B0102",
        "lat": str(EAST[1]),
        "long": str(EAST[0]),
        "description": "井盖破了",
    }
    client.post("/open311/v2/requests.json", data)  # warm
    # The case, its history, audit, the desk's notice and the Open311 record, between BEGIN
    # and COMMIT.
    with django_assert_max_num_queries(7):
        assert client.post("/open311/v2/requests.json", data).status_code == 201


def test_it_tells_desk_staff_given_or_losing_the_role_at_once(world: Any) -> None:
    staff = world.users["community_staff"]
    report(world, code="B0102")  # a community-level category: the community desk is told
    assert Notification.objects.filter(user=staff).count() == 1
    newcomer = world.user("community_staff", world.east)
    report(world, code="B0102")
    assert Notification.objects.filter(user=newcomer).count() == 1
    assert Notification.objects.filter(user=staff).count() == 2
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    RoleAssignment.objects.filter(user=newcomer).delete()
    report(world, code="B0102")
    assert Notification.objects.filter(user=staff).count() == 2
    assert Notification.objects.filter(user=newcomer).count() == 1
