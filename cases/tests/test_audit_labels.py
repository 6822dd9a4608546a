"""The audit log names what case actions record: a note, a request and its kind."""

from typing import Any

from django.urls import reverse

from cases import actions as A
from cases.tests.helpers import report
from tests.i18n import english_words, visible_text


def test_it_names_a_case_entrys_note_and_request_in_chinese(world: Any, login: Any) -> None:
    staff, worker = world.users["community_staff"], world.users["grid_worker"]
    case = report(world)
    A.do_accept_case(case, actor=staff)
    A.do_dispatch_cases([case], to=worker, actor=staff)
    A.do_start_case(case, actor=worker)
    A.do_request_extension(case, days=3, reason="等配件", actor=worker)
    A.do_handle_case(case, actor=worker, note="换好了")  # the pending request lapses
    page = visible_text(login(staff).get(reverse("areas:audit")))
    assert "备注：等配件" in page and "备注：换好了" in page
    assert "申请类型：延期" in page
    assert not {"note", "kind", "request", "extension"} & english_words(page)
