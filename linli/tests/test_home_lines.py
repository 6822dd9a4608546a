"""The home page's to-do lines, for several roles: every line's count is the number of items
the page it links to shows to that user (the same selector, filtered as counted)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from accounts.roles import Role
from areas.models import Area
from cases import actions as A
from cases.models import Case, Category
from cases.seed import seed_categories
from cases.tests.helpers import EAST, report
from core.home import Line, lines_for
from core.timeutil import SHANGHAI
from points.actions import do_redeem_item
from points.tests.helpers import give, make_store
from volunteering import actions as V
from volunteering.tests.conftest import v  # noqa: F401  (the volunteering personas)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)  # a Tuesday morning


def shown(line: Line, client: Client) -> int:
    """How many items the page a line links to shows."""
    page = client.get(line.url)
    assert page.status_code == 200, line.url
    c = page.context
    key = line.key
    if key == "cases.requests":
        return len(c["rows"])
    if key == "volunteering.orders_open":
        return len(c["rows"])
    if key == "volunteering.events_today":
        return len(c["upcoming"]) + c["page"].paginator.count
    if key == "points.awaiting_pickup":
        return len(c["waiting"])
    if key == "meetings-due":
        return int(c["due_count"])
    if key == "stars-due":
        return len(c["due"])
    if key == "stars-to-review":
        return len(c["to_review"])
    if key.startswith("commitments-"):
        return len(c["mine"]) + c["page"].paginator.count
    if key == "dashboard.open":
        return int(c["open_now"])
    if key in ("dashboard.assessments_waiting",):
        return len(c["assessments"])
    if key in ("dashboard.appeals_to_decide", "dashboard.appeals_answered"):
        return len(c["appeals"])
    if key == "dashboard.new_scores":
        return len(c["rows"])
    if key == "division.waiting":
        return int(c["plans"].paginator.count)
    return int(c["page"].paginator.count)


def agree(user: Any, client: Client) -> dict[str, int]:
    """Every line of the user's home agrees with its page; answers {key: count}."""
    client.force_login(user)
    home = client.get("/").content.decode()
    lines = lines_for(user)
    for line in lines:
        assert f'data-count="{line.count}" data-line="{line.key}"' in home, line.key
        assert shown(line, client) == line.count, (line.key, line.url)
    return {line.key: line.count for line in lines}


@pytest.fixture
def busy(v: Any) -> Any:  # noqa: F811
    """A day's work in the east: cases at each step, a request, orders, a stalled wish, an
    event today, a redemption waiting."""
    world = v.world
    seed_categories(Category)
    staff, worker, resident = (
        world.users[k] for k in ("community_staff", "grid_worker", "resident")
    )
    with time_machine.travel(NOW - dt.timedelta(days=20), tick=False):
        V.do_post_wish(
            community=world.east,
            title="一套画笔",
            beneficiary_name="小明",
            beneficiary_kind="child",
            actor=staff,
        )
    with time_machine.travel(NOW, tick=False):
        cases = [report(world, at=EAST) for _ in range(7)]
        for c in cases[1:]:
            A.do_accept_case(c, actor=staff)
        for c in cases[3:]:
            A.do_dispatch_case(c, to=worker, actor=staff)
        A.do_handle_case(cases[3], actor=worker, note="已清理")
        A.do_verify_case(cases[3], passed=True, actor=staff)
        A.do_close_case(cases[3], actor=staff)  # closed: for the resident to rate
        A.do_handle_case(cases[4], actor=worker, note="已清理")  # to verify
        A.do_request_extension(cases[5], days=3, reason="等材料", actor=worker)
        Case.objects.filter(pk=cases[6].pk).update(overdue=True)
        Case.objects.filter(pk=cases[5].pk).update(due_at=NOW + dt.timedelta(hours=5))
        V.do_request_order(requester=v.resident, service=v.item, actor=v.resident)
        v.published()
        V.do_create_event(
            community=world.east,
            kind="activity",
            title="义诊",
            starts_at=NOW + dt.timedelta(hours=4),
            ends_at=NOW + dt.timedelta(hours=6),
            actor=staff,
        )
        # Residents' own posts: two awaiting review, one published (news for the resident).
        V.do_submit_wish(title="一盏台灯", actor=resident)
        V.do_submit_need(title="楼道灯坏了", category="repair", actor=resident)
        published = V.do_submit_wish(title="一副老花镜", actor=resident)
        V.do_review_wish(published, decision="approve", actor=staff)
        item = make_store(world, price=5)
        give(world, resident, 20)
        do_redeem_item(resident, item)
    return v


def test_a_grid_workers_lines_agree_with_their_pages(busy, client) -> None:
    with time_machine.travel(NOW, tick=False):
        found = agree(busy.world.users["grid_worker"], client)
    assert found["cases.to_handle"] == 2
    assert found["cases.tasks_overdue"] == 1 and found["cases.tasks_due_today"] >= 1


def test_community_staffs_lines_agree_with_their_pages(busy, client) -> None:
    with time_machine.travel(NOW, tick=False):
        found = agree(busy.world.users["community_staff"], client)
    assert found["cases.to_accept"] == 1 and found["cases.to_dispatch"] == 2
    assert found["cases.to_verify"] == 1 and found["cases.desk_overdue"] == 1
    assert found["cases.requests"] == 1
    assert found["volunteering.orders_to_review"] == 1
    assert found["volunteering.stalled_wishes"] == 1
    assert found["volunteering.events_today"] == 1
    assert found["volunteering.posts_to_review"] == 2
    assert found["points.awaiting_pickup"] == 1


def test_subdistrict_staffs_lines_agree_with_their_pages(busy, client) -> None:
    with time_machine.travel(NOW, tick=False):
        found = agree(busy.world.users["subdistrict_staff"], client)
    assert "cases.to_accept" not in found  # grid cases wait at the community's desk
    assert found["volunteering.orders_to_review"] == 1


def test_a_residents_lines_agree_and_the_household_card_stays(busy, client) -> None:
    resident = busy.world.users["resident"]
    with time_machine.travel(NOW, tick=False):
        found = agree(resident, client)
        body = client.get("/").content.decode()
    assert found["cases.to_rate"] == 1 and found["points.my_pickups"] == 1
    assert found["volunteering.events_today"] == 1
    assert found["volunteering.my_post_news"] == 1
    assert 'data-panel="resident"' in body


def test_a_volunteers_lines_agree_with_their_pages(busy, client) -> None:
    with time_machine.travel(NOW, tick=False):
        found = agree(busy.vol_user, client)
    assert found["volunteering.orders_open"] == 1


def test_a_party_secretarys_lines_agree_with_their_pages(busy, client) -> None:
    from party.models import OrgLevel, PartyOrganisation

    world = busy.world
    secretary = world.user(Role.PARTY_SECRETARY, world.east_grid, "13700000077", "书记")
    PartyOrganisation.objects.create(
        name="东网格党支部",
        level=OrgLevel.BRANCH,
        area=world.east_grid,
        parent=PartyOrganisation.objects.get(area=world.east),
    )
    with time_machine.travel(NOW, tick=False):
        found = agree(secretary, client)
    assert found["meetings-due"] > 0 and "stars-due" in found


def test_it_says_when_nothing_waits(world, client) -> None:
    # A grid worker of a grid with no households yet: no visit is due, no case waits.
    empty = Area.objects.create(
        code="330324001002009", name="西第9网格", level="grid", parent=world.west
    )
    client.force_login(world.user(Role.GRID_WORKER, empty, "13700000099", "新网格员"))
    assert 'id="nothing-waits"' in client.get("/").content.decode()


def test_the_home_pages_queries_do_not_grow_with_what_waits(busy, client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = busy.world
    client.force_login(world.users["community_staff"])
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as before:
            client.get("/")
        for _ in range(5):
            A.do_accept_case(report(world, at=EAST), actor=world.users["community_staff"])
            V.do_request_order(requester=busy.resident, service=busy.item, actor=busy.resident)
        with CaptureQueriesContext(connection) as after:
            client.get("/")
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_home_lines_and_their_pages_speak_chinese(busy, client) -> None:
    from tests.i18n import english_words, visible_text

    for key in ("community_staff", "grid_worker", "resident"):
        user = busy.world.users[key]
        client.force_login(user)
        with time_machine.travel(NOW, tick=False):
            urls = ["/", *(line.url for line in lines_for(user))]
            for url in urls:
                page = client.get(url)
                assert english_words(visible_text(page)) == set(), (key, url)
    client.force_login(busy.world.users["community_staff"])
    page = client.get("/areas/search/", {"q": "居民"})
    assert "E居民1" in page.content.decode()
    assert english_words(visible_text(page)) == set()


def test_a_closed_case_asks_to_be_rated_until_rated_or_a_month_old(busy) -> None:
    from cases.selectors import to_rate

    resident = busy.world.users["resident"]
    with time_machine.travel(NOW, tick=False):
        (case,) = to_rate(resident)
    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False):
        assert not to_rate(resident).exists()
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        A.do_rate_case(case, score=5, actor=resident)
        assert not to_rate(resident).exists()
