"""Published results show residents only what the office chose to publish: never a photo of
a draft or one not chosen, never a name, phone, case number or an address finer than the
compound — on the page and in the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine

from core.models import AuditEntry
from core.refusal import Invalid
from dashboard.bulletins import actions
from dashboard.bulletins.models import Bulletin, TypicalCase
from dashboard.tests.bulletin_world import APRIL, MARCH, bw  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAL = ("张三", "李四", "13912345678", "101室", "1391234", "门口有垃圾")


def _draft_with_pick(bw: Any) -> Bulletin:  # noqa: F811
    staff = bw.users["community_staff"]
    with time_machine.travel(APRIL, tick=False):
        b = actions.do_draft_bulletin(bw.world.east, month=MARCH, actor=staff)
    actions.do_pick_typical_case(
        b,
        case=bw.closed[0],
        caption="楼道垃圾堆放，网格员当天联系环卫清运完毕",
        before=bw.before.pk,
        after=bw.after.pk,
        photos_checked=True,
        actor=staff,
    )
    return b


def _main(html: str) -> str:
    """The page's own content, less the header (which names the reader)."""
    return html.split('<main class="container">', 1)[1]


def _photo_names(bw: Any) -> dict[str, str]:  # noqa: F811
    return {
        k: getattr(bw, k).image.name for k in ("report_photo", "before", "after", "other_after")
    }


def test_a_resident_sees_nothing_of_a_draft(bw, client) -> None:  # noqa: F811
    _draft_with_pick(bw)
    client.force_login(bw.users["resident"])
    with time_machine.travel(APRIL, tick=False):
        page = client.get(f"/dashboard/results/{bw.world.east.code}/").content.decode()
        api = json.dumps(client.get("/api/v1/dashboard/results").json(), ensure_ascii=False)
    for name in _photo_names(bw).values():
        assert name not in page and name not in api
    assert "楼道垃圾堆放" not in page and "楼道垃圾堆放" not in api


def test_a_resident_sees_only_the_chosen_photos_and_nothing_personal(bw, client) -> None:  # noqa: F811
    b = _draft_with_pick(bw)
    actions.do_publish_bulletin(b, actor=bw.users["community_staff"])
    client.force_login(bw.users["resident"])
    with time_machine.travel(APRIL, tick=False):
        page = _main(client.get(f"/dashboard/results/{bw.world.east.code}/").content.decode())
        answer = client.get("/api/v1/dashboard/results")
    body = answer.json()
    api = json.dumps(body, ensure_ascii=False)
    names = _photo_names(bw)
    for text in (page, api):
        assert names["before"] in text and names["after"] in text
        assert names["report_photo"] not in text and names["other_after"] not in text
        for word in PERSONAL:
            assert word not in text, word
        assert bw.closed[0].number not in text
        assert "楼道垃圾堆放" in text
    assert "?s=" in body["typical"][0]["before_url"]  # a signed, expiring address
    assert body["typical"][0]["place"] == "东社区花园"  # the compound, no finer
    assert set(body["typical"][0]) == {
        "month",
        "category",
        "place",
        "caption",
        "before_url",
        "after_url",
    }
    with time_machine.travel(APRIL, tick=False):  # the signed address opens the photo
        assert client.get(body["typical"][0]["after_url"]).status_code == 200


def test_a_photo_is_published_only_with_the_choosers_word(bw) -> None:  # noqa: F811
    staff = bw.users["community_staff"]
    with time_machine.travel(APRIL, tick=False):
        b = actions.do_draft_bulletin(bw.world.east, month=MARCH, actor=staff)
    with pytest.raises(Invalid) as refused:
        actions.do_pick_typical_case(
            b, case=bw.closed[0], caption="已处理", after=bw.after.pk, actor=staff
        )
    assert refused.value.field == "photos_checked"
    with pytest.raises(Invalid):  # a photo of another case
        actions.do_pick_typical_case(
            b,
            case=bw.closed[0],
            caption="已处理",
            after=bw.other_after.pk,
            photos_checked=True,
            actor=staff,
        )
    with pytest.raises(Invalid):  # an after photo as the before one
        actions.do_pick_typical_case(
            b,
            case=bw.closed[0],
            caption="已处理",
            before=bw.after.pk,
            photos_checked=True,
            actor=staff,
        )
    with pytest.raises(Invalid):  # not closed
        actions.do_pick_typical_case(b, case=bw.late, caption="处理中", actor=staff)
    assert not TypicalCase.objects.exists()
    assert not AuditEntry.objects.filter(action="dashboard.bulletin.pick").exists()


def test_the_office_picks_and_drops_on_the_page(bw, client) -> None:  # noqa: F811
    staff = bw.users["community_staff"]
    with time_machine.travel(APRIL, tick=False):
        b = actions.do_draft_bulletin(bw.world.east, month=MARCH, actor=staff)
    client.force_login(staff)
    page = client.get(f"/dashboard/bulletins/{b.pk}/").content.decode()
    assert f'data-candidate="{bw.closed[0].pk}"' in page
    answer = client.post(
        f"/dashboard/bulletins/{b.pk}/pick/",
        {
            "case": bw.closed[0].pk,
            "caption": "已清运",
            "before": bw.before.pk,
            "after": bw.after.pk,
        },
    )
    assert answer.status_code == 302 and not TypicalCase.objects.exists()  # not confirmed
    client.post(
        f"/dashboard/bulletins/{b.pk}/pick/",
        {
            "case": bw.closed[0].pk,
            "caption": "已清运",
            "before": bw.before.pk,
            "after": bw.after.pk,
            "photos_checked": "on",
        },
    )
    row = TypicalCase.objects.get()
    assert (row.before, row.after, row.photos_checked) == (bw.before, bw.after, True)
    client.post(f"/dashboard/bulletins/{b.pk}/typical/{row.pk}/drop/")
    assert not TypicalCase.objects.exists()
