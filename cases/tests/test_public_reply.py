"""Staff notes on a case stay internal; the public reply (答复) is what the reporter reads.
Before and after photos are labelled on the case page."""

from __future__ import annotations

from typing import Any

import pytest

from cases import actions as A
from cases.tests.helpers import jpeg, report

pytestmark = pytest.mark.django_db


def _handled(world: Any) -> Any:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world, photos=[jpeg()])
    A.do_accept_case(case, actor=staff, note="内部受理备注")
    A.do_dispatch_case(case, to=worker, actor=staff, note="内部：先找物业王经理")
    A.do_handle_case(
        case, actor=worker, note="内部：物业拖延两天", reply="垃圾已清运，谢谢反映", photos=[jpeg()]
    )
    return case


def test_the_reporter_reads_the_reply_and_never_the_internal_notes(world: Any, login: Any) -> None:
    case = _handled(world)
    page = login(world.users["resident"]).get(f"/cases/{case.pk}/").content.decode()
    assert "垃圾已清运，谢谢反映" in page and 'id="case-reply"' in page
    assert "内部" not in page
    assert "楼下垃圾堆了三天" in page  # their own words stay


def test_the_api_hides_internal_notes_from_the_reporter_only(world: Any, login: Any) -> None:
    case = _handled(world)
    mine = login(world.users["resident"]).get(f"/api/v1/cases/{case.pk}").json()
    assert mine["reply"] == "垃圾已清运，谢谢反映"
    assert "内部" not in str(mine["transitions"])
    staff = login(world.users["community_staff"]).get(f"/api/v1/cases/{case.pk}").json()
    assert "内部：先找物业王经理" in str(staff["transitions"])


def test_closing_may_rewrite_the_reply(world: Any) -> None:
    staff = world.users["community_staff"]
    case = _handled(world)
    A.do_verify_case(case, passed=True, actor=staff)
    A.do_close_case(case, actor=staff, note="内部结案", reply="已办结：垃圾清运完毕")
    case.refresh_from_db()
    assert case.reply == "已办结：垃圾清运完毕"


def test_photos_are_labelled_before_and_after(world: Any, login: Any) -> None:
    case = _handled(world)
    page = login(world.users["resident"]).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-stage="report"' in page and 'data-stage="after"' in page
    assert "<figcaption" in page and "处置后" in page
