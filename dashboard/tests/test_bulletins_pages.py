"""The bulletins' pages speak Chinese, the home lines agree with the pages they link to, and
the results page's queries do not grow with what it shows."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.home import lines_for
from dashboard.bulletins import actions
from dashboard.tests.bulletin_world import APRIL, MARCH, bw  # noqa: F401
from tests.i18n import english_words, visible_text

pytestmark = pytest.mark.django_db


def _chinese(client: Any, url: str) -> str:
    client.cookies["django_language"] = "zh-hans"
    page = client.get(url)
    assert page.status_code == 200, url
    text = visible_text(page)
    assert english_words(text) == set(), (url, english_words(text))
    return text


def test_the_pages_speak_chinese(bw, client) -> None:  # noqa: F811
    staff = bw.users["community_staff"]
    with time_machine.travel(APRIL, tick=False):
        b = actions.do_draft_bulletin(bw.world.east, month=MARCH, actor=staff)
        actions.do_pick_typical_case(
            b,
            case=bw.closed[0],
            caption="楼道垃圾已清运",
            before=bw.before.pk,
            after=bw.after.pk,
            photos_checked=True,
            actor=staff,
        )
        client.force_login(staff)
        listed = _chinese(client, "/dashboard/bulletins/")
        assert "待发布的" in listed
        detail = _chinese(client, f"/dashboard/bulletins/{b.pk}/")
        assert "东社区2026年3月事件办理情况通报" in detail
        assert "按期结案率" in detail and "选择典型案例" in detail
        actions.do_publish_bulletin(b, actor=staff)
        client.force_login(bw.users["resident"])
        results = _chinese(client, f"/dashboard/results/{bw.world.east.code}/")
        assert "东社区成果晾晒" in results and "楼道垃圾已清运" in results


def test_the_home_lines_agree_with_their_pages(bw, client) -> None:  # noqa: F811
    staff = bw.users["community_staff"]
    with time_machine.travel(APRIL, tick=False):
        lines = {line.key: line for line in lines_for(staff)}
        due = lines["dashboard.bulletins_due"]
        client.force_login(staff)
        assert client.get(due.url).context["page"].paginator.count == due.count == 1
        b = actions.do_draft_bulletin(bw.world.east, month=MARCH, actor=staff)
        actions.do_pick_typical_case(b, case=bw.closed[0], caption="已清运", actor=staff)
        actions.do_publish_bulletin(b, actor=staff)
        assert "dashboard.bulletins_due" not in {line.key for line in lines_for(staff)}
        resident = bw.users["resident"]
        mine = {line.key: line for line in lines_for(resident)}["dashboard.results"]
        client.force_login(resident)
        assert client.get(mine.url).context["page"].paginator.count == mine.count == 1
        # The subdistrict's office publishes its own; the communities' are not its line.
        sub = {line.key: line for line in lines_for(bw.users["subdistrict_staff"])}
        assert sub["dashboard.bulletins_due"].count == 1


def test_the_results_page_queries_do_not_grow_with_its_cases(bw, client) -> None:  # noqa: F811
    staff = bw.users["community_staff"]
    with time_machine.travel(APRIL, tick=False):
        b = actions.do_draft_bulletin(bw.world.east, month=MARCH, actor=staff)
        actions.do_pick_typical_case(
            b,
            case=bw.closed[0],
            caption="一",
            before=bw.before.pk,
            photos_checked=True,
            actor=staff,
        )
        actions.do_publish_bulletin(b, actor=staff)
        client.force_login(bw.users["resident"])
        url = f"/dashboard/results/{bw.world.east.code}/"
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        fix = actions.do_correct_bulletin(b, actor=staff)
        for case in bw.closed[1:4]:
            actions.do_pick_typical_case(fix, case=case, caption="二", actor=staff)
        actions.do_publish_bulletin(fix, actor=staff)
        with CaptureQueriesContext(connection) as four:
            answer = client.get(url)
    assert len(answer.context["page"].object_list) == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_audit_log_names_every_bulletin_entry_in_chinese(bw, client) -> None:  # noqa: F811
    staff = bw.users["community_staff"]
    with time_machine.travel(APRIL, tick=False):
        b = actions.do_draft_bulletin(bw.world.east, month=MARCH, actor=staff)
        actions.do_edit_bulletin(b, title="三月通报", actor=staff)
        actions.do_refresh_bulletin(b, actor=staff)
        row = actions.do_pick_typical_case(
            b,
            case=bw.closed[0],
            caption="已清运",
            after=bw.after.pk,
            photos_checked=True,
            actor=staff,
        )
        actions.do_drop_typical_case(row, actor=staff)
        actions.do_pick_typical_case(b, case=bw.closed[0], caption="已清运", actor=staff)
        actions.do_publish_bulletin(b, actor=staff)
        actions.do_correct_bulletin(b, actor=staff)
    client.force_login(bw.users["admin"])
    text = _chinese(client, "/areas/audit/")
    assert "发布通报" in text and "选入通报典型案例" in text
