from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from core.models import AuditEntry, Notification
from core.refusal import Refusal
from volunteering import actions
from volunteering.actions.orders import service_hours
from volunteering.models import Order, OrderEvent, OrderStatus
from volunteering.workflow import ORDER_TRANSITIONS

pytestmark = pytest.mark.django_db

E_LON, E_LAT = 120.63, 28.01


def test_it_requests_from_the_menu_in_the_residents_community(v) -> None:
    order = actions.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
    assert order.status == OrderStatus.REQUESTED
    assert order.community == v.world.east
    assert order.title == "上门理发"
    assert order.lon == E_LON and order.address.endswith("101室")
    assert list(order.events.values_list("event", flat=True)) == ["request"]


def test_it_requests_in_free_text(v) -> None:
    order = actions.do_request_order(
        requester=v.resident, title="帮忙换灯泡", description="厨房灯坏了", actor=v.resident
    )
    assert order.service is None and order.title == "帮忙换灯泡"


def test_it_refuses_an_empty_request_and_another_communitys_menu(v) -> None:
    with pytest.raises(Refusal):
        actions.do_request_order(requester=v.resident, title="  ", actor=v.resident)
    v.item.community = v.world.west
    v.item.save()
    with pytest.raises(Refusal):
        actions.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
    assert not Order.objects.exists()


def test_it_walks_the_whole_flow_and_keeps_every_step(v) -> None:
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False) as tm:
        order = v.published()
        assert order.status == OrderStatus.PUBLISHED and order.team is None
        order = actions.do_take_order(order, actor=v.vol_user)
        assert order.taker == v.volunteer
        order = actions.do_check_in(order, lon=E_LON, lat=E_LAT, actor=v.vol_user)
        tm.shift(dt.timedelta(minutes=95))
        order = actions.do_check_out(order, lon=E_LON, lat=E_LAT, actor=v.vol_user)
        assert order.hours == Decimal("1.50")
        assert order.status == OrderStatus.FINISHED
        order = actions.do_confirm_order(order, rating=5, comment="很好", actor=v.resident)
    assert order.status == OrderStatus.CONFIRMED and order.rating == 5
    events = list(order.events.values_list("event", "from_status", "to_status"))
    assert events == [
        ("request", "", "requested"),
        ("publish", "requested", "published"),
        ("take", "published", "taken"),
        ("check_in", "taken", "in_progress"),
        ("check_out", "in_progress", "finished"),
        ("confirm", "finished", "confirmed"),
    ]
    check_in = order.events.get(event="check_in")
    assert (check_in.lon, check_in.lat) == (E_LON, E_LAT)
    assert AuditEntry.objects.filter(action="volunteering.order.confirm").count() == 1


def test_it_refuses_taking_a_taken_order_and_stores_nothing(v) -> None:
    order = v.published()
    actions.do_take_order(order, actor=v.vol_user)
    before = OrderEvent.objects.count()
    with pytest.raises(Refusal) as err:
        actions.do_take_order(order, actor=v.vol2_user)
    assert err.value.status == 409
    order.refresh_from_db()
    assert order.taker == v.volunteer
    assert OrderEvent.objects.count() == before


def test_it_refuses_checking_out_before_checking_in(v) -> None:
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    with pytest.raises(Refusal):
        actions.do_check_out(order, lon=E_LON, lat=E_LAT, actor=v.vol_user)
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN and order.checked_out_at is None


def test_it_requires_a_place_to_check_in(v) -> None:
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    far = ((0, 0), (0.0, "0.0"), (116.4, 39.9))  # Null Island; Beijing, far from the district
    for lon, lat in ((None, None), ("x", 1), (500, 20), (True, 1), *far):
        with pytest.raises(Refusal) as err:
            actions.do_check_in(order, lon=lon, lat=lat, actor=v.vol_user)
        assert err.value.status == 400
    order.refresh_from_db()
    assert order.checked_in_at is None


def test_it_lets_only_the_taker_check_in(v) -> None:
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    with pytest.raises(Refusal) as err:
        actions.do_check_in(order, lon=E_LON, lat=E_LAT, actor=v.vol2_user)
    assert err.value.status == 403


def test_it_refuses_volunteers_outside_the_orders_community(v) -> None:
    order = v.published()
    with pytest.raises(Refusal) as err:
        actions.do_take_order(order, actor=v.west_vol_user)
    assert err.value.status == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PUBLISHED


def test_it_keeps_a_team_order_for_the_teams_members(v) -> None:
    order = v.published(team=v.team)
    with pytest.raises(Refusal):
        actions.do_take_order(order, actor=v.vol_user)
    order = actions.do_take_order(order, actor=v.vol2_user)
    assert order.taker == v.volunteer2


def test_it_refuses_staff_of_another_community(v) -> None:
    order = actions.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
    with pytest.raises(Refusal) as err:
        actions.do_publish_order(order, actor=v.world.users["outsider"])
    assert err.value.status == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.REQUESTED


def test_it_refuses_illegal_transitions(v) -> None:
    order = actions.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
    with pytest.raises(Refusal):
        actions.do_take_order(order, actor=v.vol_user)
    with pytest.raises(Refusal):
        actions.do_confirm_order(order, rating=5, actor=v.resident)
    with pytest.raises(Refusal):
        actions.do_mark_no_show(order, actor=v.staff)
    assert list(order.events.values_list("event", flat=True)) == ["request"]


def test_it_lets_only_the_requester_confirm_with_a_valid_rating(v) -> None:
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    order = actions.do_check_in(order, lon=E_LON, lat=E_LAT, actor=v.vol_user)
    order = actions.do_check_out(order, lon=E_LON, lat=E_LAT, actor=v.vol_user)
    with pytest.raises(Refusal):
        actions.do_confirm_order(order, rating=5, actor=v.vol_user)
    for bad in (0, 6, "5", True):
        with pytest.raises(Refusal):
            actions.do_confirm_order(order, rating=bad, actor=v.resident)
    order.refresh_from_db()
    assert order.status == OrderStatus.FINISHED and order.rating is None


def test_it_puts_a_no_show_back_on_the_board_and_reassigns(v) -> None:
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    order = actions.do_mark_no_show(order, reason="没来", actor=v.staff)
    assert order.status == OrderStatus.PUBLISHED and order.taker is None
    assert order.events.get(event="no_show").volunteer == v.volunteer
    order = actions.do_assign_order(order, volunteer=v.volunteer2, actor=v.staff)
    assert order.taker == v.volunteer2
    order = actions.do_assign_order(order, volunteer=v.volunteer, actor=v.staff)
    assert order.taker == v.volunteer and order.status == OrderStatus.TAKEN


def test_it_lets_the_volunteer_give_an_order_back(v) -> None:
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    order = actions.do_release_order(order, actor=v.vol_user)
    assert order.status == OrderStatus.PUBLISHED and order.taker is None


def test_it_cancels_before_the_visit_but_not_after(v) -> None:
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    order = actions.do_cancel_order(order, reason="不需要了", actor=v.resident)
    assert order.status == OrderStatus.CANCELLED
    order2 = actions.do_take_order(v.published(), actor=v.vol_user)
    order2 = actions.do_check_in(order2, lon=E_LON, lat=E_LAT, actor=v.vol_user)
    with pytest.raises(Refusal):
        actions.do_cancel_order(order2, reason="x", actor=v.resident)
    with pytest.raises(Refusal):
        actions.do_cancel_order(order2, reason="", actor=v.staff)


def test_it_rejects_with_a_reason(v) -> None:
    order = actions.do_request_order(requester=v.resident, title="借钱", actor=v.resident)
    with pytest.raises(Refusal):
        actions.do_reject_order(order, reason=" ", actor=v.staff)
    order = actions.do_reject_order(order, reason="不属于志愿服务", actor=v.staff)
    assert order.status == OrderStatus.REJECTED


def test_it_rounds_hours_to_quarters_within_bounds() -> None:
    t0 = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
    assert service_hours(t0, t0 + dt.timedelta(seconds=5)) == Decimal("0.25")
    assert service_hours(t0, t0 + dt.timedelta(minutes=50)) == Decimal("0.75")
    assert service_hours(t0, t0 + dt.timedelta(days=3)) == Decimal("8")


def test_the_transition_table_has_no_exit_from_closed_states() -> None:
    closed = {OrderStatus.CONFIRMED, OrderStatus.REJECTED, OrderStatus.CANCELLED}
    assert not [k for k in ORDER_TRANSITIONS if k[0] in closed]
    assert set(ORDER_TRANSITIONS.values()) <= set(OrderStatus.values)


def test_it_lets_staff_record_a_rating_given_by_phone(v) -> None:
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    order = actions.do_check_in(order, lon=E_LON, lat=E_LAT, actor=v.vol_user)
    order = actions.do_check_out(order, lon=E_LON, lat=E_LAT, actor=v.vol_user)
    with pytest.raises(Refusal):
        actions.do_confirm_order(order, rating=4, actor=v.world.users["outsider"])
    order = actions.do_confirm_order(order, rating=4, comment="电话回访", actor=v.staff)
    assert order.status == OrderStatus.CONFIRMED
    assert order.events.get(event="confirm").actor == v.staff


def test_it_keeps_no_show_reassignment_give_back_and_cancellation_in_the_history(v, login) -> None:
    order = actions.do_take_order(v.published(), actor=v.vol_user)
    order = actions.do_mark_no_show(order, reason="约定时间没来", actor=v.staff)
    order = actions.do_assign_order(order, volunteer=v.volunteer2, actor=v.staff)
    order = actions.do_assign_order(order, volunteer=v.volunteer, actor=v.staff)
    order = actions.do_release_order(order, reason="临时出差", actor=v.vol_user)
    order = actions.do_cancel_order(order, reason="家人已帮忙", actor=v.resident)
    steps = [
        (e.event, e.from_status, e.to_status, e.actor, e.volunteer, e.note)
        for e in order.events.order_by("at", "pk")
    ]
    assert steps[2:] == [
        ("take", "published", "taken", v.vol_user, v.volunteer, ""),
        ("no_show", "taken", "published", v.staff, v.volunteer, "约定时间没来"),
        ("assign", "published", "taken", v.staff, v.volunteer2, ""),
        ("assign", "taken", "taken", v.staff, v.volunteer, f"原接单人：{v.volunteer2.name}"),
        ("release", "taken", "published", v.vol_user, v.volunteer, "临时出差"),
        ("cancel", "published", "cancelled", v.resident, None, "家人已帮忙"),
    ]
    body = login(v.staff).get(f"/volunteering/orders/{order.pk}/").content.decode()
    for text in ("约定时间没来", "临时出差", "家人已帮忙", f"志愿者 {v.volunteer2.name}"):
        assert text in body


def test_it_refuses_to_assign_an_order_to_the_volunteer_who_has_it(v) -> None:
    order = actions.do_assign_order(v.published(), volunteer=v.volunteer, actor=v.staff)
    events, notices = order.events.count(), Notification.objects.count()
    with pytest.raises(Refusal, match="该订单已由东志愿者承接，无需重复指派") as err:
        actions.do_assign_order(order, volunteer=v.volunteer, actor=v.staff)
    assert err.value.status == 409
    with pytest.raises(Refusal, match="您已接下该订单") as err:
        actions.do_take_order(order, actor=v.vol_user)
    assert err.value.status == 409
    assert (order.events.count(), Notification.objects.count()) == (events, notices)


def test_it_refuses_an_order_placed_at_null_island_or_far_away(v) -> None:
    for lon, lat in ((0, 0), (116.4, 39.9)):
        with pytest.raises(Refusal) as err:
            actions.do_request_order(
                requester=v.resident, service=v.item, lon=lon, lat=lat, actor=v.resident
            )
        assert err.value.status == 400 and err.value.field == "location"
    assert not Order.objects.exists()
