"""The activities API: the venue register, a venue, a room's week, asking for a room and the
decisions, with the refusals each endpoint declares."""

from __future__ import annotations

import pytest

from activities import actions
from activities.models import Booking, BookingStatus

pytestmark = pytest.mark.django_db
API = "/api/v1/activities"


def _ask(client, v, *, day=1, start=9, end=11, **kw):
    body = {
        "room_id": v.hall.pk,
        "starts_at": v.at(day, start).isoformat(),
        "ends_at": v.at(day, end).isoformat(),
        "purpose": "党员学习日",
        "head_count": 12,
        **kw,
    }
    return client.post(f"{API}/bookings", body, content_type="application/json")


def test_it_lists_every_venue_to_a_signed_in_user(v, login):
    client = login(v.user("outsider"))
    found = client.get(f"{API}/venues").json()
    assert [r["code"] for r in found["results"]] == ["VE1", "VW1"]
    shared = client.get(f"{API}/venues?shared=true").json()["results"]
    assert [(r["code"], r["manager"], r["shared"]) for r in shared] == [("VW1", "县供电所", True)]
    assert client.get(f"{API}/venues?kind=station").json()["count"] == 0
    assert client.get(f"{API}/venues?kind=palace").status_code == 422


def test_it_answers_a_venue_with_rooms_hours_and_whether_one_manages_it(v, login):
    found = login(v.secretary).get(f"{API}/venues/{v.centre.pk}").json()
    assert [r["name"] for r in found["rooms"]] == ["多功能厅", "议事室"]
    assert found["opening_hours"][0] == {"weekday": 0, "opens": "08:30", "closes": "21:00"}
    assert found["opening_hours"][6]["opens"] is None
    assert found["may_manage"] is True and found["facilities"] == ["投影仪", "空调"]
    assert (
        login(v.user("resident")).get(f"{API}/venues/{v.centre.pk}").json()["may_manage"] is False
    )
    assert login(v.user("resident")).get(f"{API}/venues/999999").status_code == 404


def test_a_resident_asks_and_a_manager_approves(v, login, client):
    resident = v.user("resident")
    answer = _ask(login(resident), v)
    assert answer.status_code == 201, answer.content
    b = answer.json()
    assert (b["status"], b["may_cancel"], b["may_decide"]) == ("requested", True, False)
    staff = login(v.user("community_staff"))
    waiting = staff.get(f"{API}/bookings?waiting=true").json()
    assert [r["id"] for r in waiting["results"]] == [b["id"]]
    done = staff.post(f"{API}/bookings/{b['id']}/approve", {}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    mine = login(resident).get(f"{API}/bookings?mine=true").json()["results"]
    assert [(r["id"], r["status"]) for r in mine] == [(b["id"], "approved")]


def test_it_refuses_bad_slots_and_overlaps(v, login):
    client = login(v.user("resident"))
    closed = _ask(client, v, day=6)
    assert closed.status_code == 400 and closed.json()["field"] == "starts_at"
    crowd = _ask(client, v, head_count=31)
    assert crowd.status_code == 400 and crowd.json()["field"] == "head_count"
    assert _ask(client, v, room_id=999999).status_code == 400
    assert _ask(client, v, head_count=True).status_code == 422
    first = _ask(client, v).json()
    actions.do_approve_booking(Booking.objects.get(pk=first["id"]), actor=v.secretary)
    assert _ask(client, v, start=10, end=12).status_code == 409
    assert Booking.objects.count() == 1


def test_it_refuses_a_decision_to_the_asker_and_hides_the_booking_from_others(v, login):
    b = _ask(login(v.user("resident")), v).json()
    client = login(v.user("resident"))
    refused = client.post(f"{API}/bookings/{b['id']}/approve", {}, content_type="application/json")
    assert refused.status_code == 403
    outsider = login(v.user("outsider"))
    assert outsider.get(f"{API}/bookings/{b['id']}").status_code == 404
    assert (
        outsider.post(
            f"{API}/bookings/{b['id']}/cancel", {}, content_type="application/json"
        ).status_code
        == 404
    )
    staff = login(v.user("community_staff"))
    no_reason = staff.post(f"{API}/bookings/{b['id']}/decline", {}, content_type="application/json")
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    declined = staff.post(
        f"{API}/bookings/{b['id']}/decline", {"reason": "场地维修"}, content_type="application/json"
    )
    assert declined.json()["status"] == "declined"
    again = staff.post(f"{API}/bookings/{b['id']}/approve", {}, content_type="application/json")
    assert again.status_code == 409
    assert Booking.objects.get().status == BookingStatus.DECLINED


def test_the_week_shows_who_only_to_the_asker_and_managers(v, login):
    b = v.ask(day=2)
    url = f"{API}/rooms/{v.hall.pk}/week?monday={v.monday.isoformat()}"
    seen = login(v.user("outsider")).get(url).json()
    assert [(x["booking_id"], x["purpose"], x["status"]) for x in seen["busy"]] == [
        (None, None, "requested")
    ]
    managed = login(v.user("community_staff")).get(url).json()
    assert managed["busy"][0]["booking_id"] == b.pk and managed["busy"][0]["who"] == "东居民"
    assert login(v.user("outsider")).get(f"{API}/rooms/999999/week").status_code == 404
