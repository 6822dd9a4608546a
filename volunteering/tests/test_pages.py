from __future__ import annotations

import pytest
from django.urls import reverse

from volunteering import actions
from volunteering.models import Order, OrderStatus

pytestmark = pytest.mark.django_db


def test_it_renders_the_menu_in_chinese_by_default(v, login) -> None:
    response = login(v.resident).get(reverse("volunteering:menu"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "服务菜单" in body and "上门理发" in body


def test_it_lets_a_resident_request_from_the_page(v, login) -> None:
    client = login(v.resident)
    response = client.post(
        reverse("volunteering:menu"), {"service": v.item.pk, "title": "", "description": "周三上午"}
    )
    order = Order.objects.get()
    assert response.status_code == 302 and response.url == f"/volunteering/orders/{order.pk}/"
    assert order.description == "周三上午"


def test_it_preselects_the_menu_item_a_resident_taps(v, login) -> None:
    client = login(v.resident)
    body = client.get(reverse("volunteering:menu")).content.decode()
    assert f'href="?service={v.item.pk}#request"' in body and "点这项" in body
    body = client.get(reverse("volunteering:menu") + f"?service={v.item.pk}").content.decode()
    assert f'<option value="{v.item.pk}" selected>' in body
    body = client.get(reverse("volunteering:menu") + "?service=x").content.decode()
    assert '<option value="" selected>' in body


def test_it_shows_an_empty_request_error_and_stores_nothing(v, login) -> None:
    response = login(v.resident).post(reverse("volunteering:menu"), {"title": ""}, follow=True)
    assert not Order.objects.exists()
    assert "必填" in response.content.decode()


def test_it_walks_the_order_through_the_pages(v, login, client) -> None:
    order = actions.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
    url = reverse("volunteering:order_act", args=[order.pk, "publish"])
    login(v.staff).post(url, {"team": ""})
    order.refresh_from_db()
    assert order.status == OrderStatus.PUBLISHED
    login(v.vol_user)
    board = client.get(reverse("volunteering:open"))
    assert "上门理发" in board.content.decode()
    client.post(reverse("volunteering:order_act", args=[order.pk, "take"]))
    client.post(
        reverse("volunteering:order_act", args=[order.pk, "check_in"]),
        {"lon": "120.63", "lat": "28.01"},
    )
    client.post(
        reverse("volunteering:order_act", args=[order.pk, "check_out"]),
        {"lon": "120.63", "lat": "28.01"},
    )
    login(v.resident).post(
        reverse("volunteering:order_act", args=[order.pk, "confirm"]), {"rating": "4"}
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED and order.rating == 4
    page = client.get(reverse("volunteering:order", args=[order.pk]))
    assert "确认并评价" in page.content.decode() or "已确认" in page.content.decode()


def test_it_tells_the_second_volunteer_the_order_is_gone(v, login, client) -> None:
    order = v.published(team=v.team)
    actions.do_add_team_member(v.team, volunteer=v.volunteer, actor=v.staff)
    actions.do_take_order(order, actor=v.vol2_user)
    response = login(v.vol_user).post(
        reverse("volunteering:order_act", args=[order.pk, "take"]), follow=True
    )
    assert "已经被" in response.content.decode()
    order.refresh_from_db()
    assert order.taker == v.volunteer2


def test_it_hides_orders_from_staff_of_another_community(v, login) -> None:
    order = actions.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
    client = login(v.world.users["outsider"])
    assert client.get(reverse("volunteering:order", args=[order.pk])).status_code == 404
    response = client.post(reverse("volunteering:order_act", args=[order.pk, "publish"]))
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.REQUESTED


def test_it_lists_the_staff_board_in_few_queries(v, login, django_assert_max_num_queries) -> None:
    for _ in range(5):
        actions.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
    client = login(v.staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("volunteering:staff"))
    assert response.status_code == 200
    assert response.content.decode().count("上门理发") >= 5


@pytest.mark.parametrize(
    "name",
    ["staff", "lists", "staff_wishes", "teams", "in_service", "reports"],
)
def test_it_renders_every_staff_page(v, login, name) -> None:
    assert login(v.staff).get(reverse(f"volunteering:{name}")).status_code == 200


def test_it_keeps_staff_pages_from_residents(v, login) -> None:
    client = login(v.resident)
    for name in ("staff", "lists", "teams", "in_service", "reports"):
        assert client.get(reverse(f"volunteering:{name}")).status_code == 404


def test_it_shows_nav_items_per_role(v, login) -> None:
    body = login(v.resident).get("/").content.decode()
    assert "服务菜单" in body and "/volunteering/staff/" not in body
    body = login(v.staff).get("/").content.decode()
    assert "/volunteering/staff/" in body


def test_it_lets_a_resident_become_a_volunteer(v, login) -> None:
    response = login(v.resident).post(reverse("volunteering:hours"), {"skills": "理发, 陪聊"})
    assert response.status_code == 302
    volunteer = v.resident.volunteer
    assert volunteer.skills == ["理发", "陪聊"] and volunteer.community == v.world.east


def test_it_sorts_the_board_by_distance_from_the_volunteer(v, login) -> None:
    far = actions.do_request_order(
        requester=v.resident, title="远处", lon=120.70, lat=28.05, actor=v.resident
    )
    near = actions.do_request_order(
        requester=v.resident, title="近处", lon=120.631, lat=28.011, actor=v.resident
    )
    for order in (far, near):
        actions.do_publish_order(order, actor=v.staff)
    body = login(v.vol_user).get("/volunteering/open/?lon=120.63&lat=28.01").content.decode()
    assert body.index("近处") < body.index("远处")
    assert "公里" in body and " 米" in body
    body = login(v.vol_user).get("/volunteering/open/?lon=120.631&lat=28.011").content.decode()
    assert "50 米以内" in body and " 0 米" not in body  # next door, not "0 米"
    client = login(v.vol_user)
    client.cookies["django_language"] = "en"
    assert (
        "within 50 m" in client.get("/volunteering/open/?lon=120.631&lat=28.011").content.decode()
    )


def test_it_lists_the_board_and_the_wall_in_few_queries(
    v, login, django_assert_max_num_queries
) -> None:
    for _ in range(5):
        v.published()
        actions.do_post_wish(
            community=v.world.east,
            title="心愿",
            beneficiary_name="某某",
            beneficiary_kind="child",
            actor=v.staff,
        )
    client = login(v.vol2_user)
    with django_assert_max_num_queries(15):
        assert client.get("/volunteering/open/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/volunteering/wishes/").status_code == 200
    # Constant: the page's forms render their choices (communities, units, volunteers...).
    with django_assert_max_num_queries(25):
        assert login(v.staff).get("/volunteering/staff/teams/").status_code == 200


def test_it_shows_service_hours_with_their_unit(v, login, client) -> None:
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 5, 1, 1, 0, tzinfo=dt.UTC), tick=False) as tm:
        order = v.published()
        actions.do_take_order(order, actor=v.vol_user)
        actions.do_check_in(order, lon=120.63, lat=28.01, actor=v.vol_user)
        tm.shift(dt.timedelta(minutes=90))
        actions.do_check_out(order, lon=120.63, lat=28.01, actor=v.vol_user)
        actions.do_confirm_order(order, rating=5, actor=v.resident)
        login(v.vol_user)
        body = client.get(reverse("volunteering:hours")).content.decode()
        assert body.count("1.5 小时") == 3  # this year, in total, and the order's row
        order_page = client.get(reverse("volunteering:order", args=[order.pk])).content.decode()
        assert "1.5 小时" in order_page
        client.cookies["django_language"] = "en"
        body = client.get(reverse("volunteering:hours")).content.decode()
        assert body.count("1.5 hours") == 3
        login(v.staff)
        report = client.get(reverse("volunteering:reports")).content.decode()
        assert "1.5 hours" in report


def test_it_reports_the_figures_of_the_communities_the_staff_runs(v, login) -> None:
    from core.timeutil import today
    from volunteering.selectors import report_figures

    v.published()
    Order.objects.create(community=v.world.west, requester=v.west_vol_user, title="西单")
    year = today().year
    page = login(v.staff).get(reverse("volunteering:reports")).context["f"]
    assert page == report_figures(year, v.staff)
    assert (page["orders"], page["volunteers"], page["teams"]) == (1, 2, 1)
    admin = v.world.users["admin"]
    assert report_figures(year, admin)["orders"] == 2
    # An area narrows the user's own scope, never widens it.
    assert report_figures(year, admin, area_code=v.world.west.code)["orders"] == 1
    assert report_figures(year, v.staff, area_code=v.world.subdistrict.code) == page
    assert report_figures(year, v.staff, area_code=v.world.west.code)["orders"] == 0


def test_it_writes_hours_as_people_do() -> None:
    from decimal import Decimal

    from django.utils import translation

    from volunteering.templatetags.volunteering import hours

    with translation.override("en"):
        assert [hours(h) for h in (Decimal("1.50"), Decimal("1.00"), Decimal("0"), None)] == [
            "1.5 hours",
            "1 hour",
            "0 hours",
            "0 hours",
        ]
        assert hours(Decimal("10.00")) == "10 hours"
    with translation.override("zh-hans"):
        assert hours(Decimal("2.25")) == "2.25 小时"


def test_it_opens_for_the_administrator_every_order_the_staff_board_lists(v, login) -> None:
    order = actions.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
    client = login(v.world.users["admin"])
    board = client.get(reverse("volunteering:staff")).content.decode()
    assert reverse("volunteering:order", args=[order.pk]) in board
    assert client.get(reverse("volunteering:order", args=[order.pk])).status_code == 200
