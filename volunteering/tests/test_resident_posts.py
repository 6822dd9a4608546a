"""居民自主发布: a resident posts their own wish or need; the community's staff review it
before anyone else sees it (publish, edit with a note, decline with the reason)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from areas.models import Resident
from core.audit import AuditEntry
from core.notify import Notification
from core.refusal import Conflict, Forbidden, Invalid, NotFound
from volunteering import actions, permissions, selectors
from volunteering.models import MicroWish, Need, NeedStatus, WishEvent, WishStatus
from volunteering.tests.conftest import V

pytestmark = pytest.mark.django_db


def _wish(v: V, **kw: Any) -> MicroWish:
    return actions.do_submit_wish(
        title=kw.pop("title", "想要一个台灯"),
        description=kw.pop("description", "晚上看书太暗"),
        actor=kw.pop("actor", v.resident),
        **kw,
    )


def test_it_keeps_a_residents_wish_unseen_until_reviewed(v: V) -> None:
    wish = _wish(v)
    assert wish.status == WishStatus.SUBMITTED and wish.community == v.world.east
    assert wish.beneficiary == v.resident.resident
    assert permissions.can_view_wish(v.resident, wish)  # the poster follows it
    assert permissions.can_view_wish(v.staff, wish)
    assert not permissions.can_view_wish(v.vol2_user, wish)  # a party member of the east
    assert not permissions.can_view_wish(v.vol_user, wish)
    assert wish not in selectors.wall(v.vol2_user)
    assert selectors.wishes_to_review(v.staff).get() == wish
    assert Notification.objects.filter(user=v.staff, url="/volunteering/staff/review/").exists()


def test_it_publishes_an_approved_wish_where_members_claim_it(v: V) -> None:
    wish = _wish(v)
    actions.do_review_wish(wish, decision="approve", actor=v.staff)
    wish.refresh_from_db()
    assert wish.status == WishStatus.OPEN and wish.reviewed_at is not None
    assert permissions.can_view_wish(v.vol2_user, wish)
    actions.do_claim_wish(wish, actor=v.vol2_user)  # today's flow from here
    assert MicroWish.objects.get(pk=wish.pk).status == WishStatus.CLAIMED
    assert Notification.objects.filter(user=v.resident, title__contains="想要一个台灯").exists()


def test_an_edit_keeps_the_residents_words_and_tells_them_why(v: V) -> None:
    wish = _wish(v, description="晚上看书太暗，电话13912345678")
    actions.do_review_wish(
        wish,
        decision="revise",
        title="一盏护眼台灯",
        description="晚上看书太暗",
        note="去掉了电话号码",
        actor=v.staff,
    )
    wish.refresh_from_db()
    assert wish.title == "一盏护眼台灯" and wish.was_revised
    assert "13912345678" in wish.submitted_text and wish.review_note == "去掉了电话号码"
    assert [e.event for e in WishEvent.objects.filter(wish=wish)] == ["submit", "revise"]
    entry = AuditEntry.objects.get(action="volunteering.wish.revise")
    assert entry.changes["title"] == ["想要一个台灯", "一盏护眼台灯"]
    notice = Notification.objects.get(user=v.resident)
    assert "一盏护眼台灯" in notice.title and notice.body == "去掉了电话号码"


def test_an_edit_needs_a_note_and_a_change(v: V) -> None:
    wish = _wish(v)
    with pytest.raises(Invalid):
        actions.do_review_wish(wish, decision="revise", title="新的", actor=v.staff)
    with pytest.raises(Invalid):
        actions.do_review_wish(
            wish,
            decision="revise",
            title=wish.title,
            description=wish.description,
            note="没改",
            actor=v.staff,
        )
    assert MicroWish.objects.get(pk=wish.pk).status == WishStatus.SUBMITTED


def test_a_decline_needs_the_reason_which_the_resident_reads(v: V, client: Client) -> None:
    wish = _wish(v)
    with pytest.raises(Invalid):
        actions.do_review_wish(wish, decision="decline", actor=v.staff)
    actions.do_review_wish(wish, decision="decline", note="请联系网格员上门了解", actor=v.staff)
    wish.refresh_from_db()
    assert wish.status == WishStatus.DECLINED
    assert not permissions.can_view_wish(v.vol2_user, wish)
    with pytest.raises(Conflict):  # reviewed once
        actions.do_review_wish(wish, decision="approve", actor=v.staff)
    client.force_login(v.resident)
    page = client.get("/volunteering/posts/").content.decode()
    assert "请联系网格员上门了解" in page and 'data-status="declined"' in page


def test_only_the_communitys_staff_review(v: V) -> None:
    wish = _wish(v)
    with pytest.raises(Forbidden):
        actions.do_review_wish(wish, decision="approve", actor=v.resident)
    with pytest.raises(NotFound):
        actions.do_review_wish(wish, decision="approve", actor=v.world.users["outsider"])
    west_staff = v.world.user(Role.COMMUNITY_STAFF, v.world.west)
    with pytest.raises(NotFound):
        actions.do_review_wish(wish, decision="approve", actor=west_staff)
    actions.do_review_wish(wish, decision="approve", actor=v.world.users["subdistrict_staff"])


def test_a_need_waits_then_joins_the_needs_list_to_be_claimed(v: V) -> None:
    need = actions.do_submit_need(title="楼道灯坏了", category="repair", actor=v.resident)
    assert need.status == NeedStatus.SUBMITTED
    assert need not in selectors.claimable_needs(v.vol2_user)
    assert selectors.needs_to_review(v.staff).get() == need
    actions.do_review_need(need, decision="approve", actor=v.staff)
    assert Need.objects.get(pk=need.pk).status == NeedStatus.OPEN
    assert need in selectors.claimable_needs(v.vol2_user)
    assert AuditEntry.objects.filter(action="volunteering.need.approve").count() == 1


def test_only_a_resident_with_a_household_posts_and_only_at_home(v: V) -> None:
    with pytest.raises(Forbidden):
        _wish(v, actor=v.staff)
    with pytest.raises(Forbidden):
        _wish(v, actor=v.vol_user)  # a volunteer without a resident record
    with pytest.raises(Forbidden):
        _wish(v, community=v.world.west)
    no_home = v.world.user(Role.RESIDENT, v.world.east_grid)
    with pytest.raises(Forbidden):
        _wish(v, actor=no_home)
    assert (
        not MicroWish.objects.exists()
        and not AuditEntry.objects.filter(action__endswith=".submit").exists()
    )


@pytest.mark.parametrize(
    "title,description,field",
    [
        ("", "", "title"),
        ("   ", "", "title"),
        ("愿" * 101, "", "title"),
        ("台灯", "长" * 2001, "description"),
        ("台\x00灯", "", ""),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(
    v: V, title: str, description: str, field: str
) -> None:
    with pytest.raises(Invalid) as refused:
        _wish(v, title=title, description=description)
    assert refused.value.field == field
    with pytest.raises(Invalid):
        actions.do_submit_need(title=title, description=description, actor=v.resident)
    assert not MicroWish.objects.exists() and not Need.objects.exists()


def test_a_household_has_at_most_five_posts_open(v: V, settings: Any) -> None:
    housemate = User.objects.create_user(phone="13700000099", password="x", name="同户")
    housemate.role_assignments.create(role=Role.RESIDENT, area=v.world.east_grid)
    housemate.resident = Resident.objects.create(
        code="EC1B1H1P2",
        household=v.resident.resident.household,  # type: ignore[union-attr]
        name="同户人",
        gender="M",
    )
    housemate.save(update_fields=["resident"])
    for n in range(3):
        _wish(v, title=f"心愿{n}")
    for n in range(2):
        actions.do_submit_need(title=f"需求{n}", actor=housemate)
    with pytest.raises(Conflict):
        _wish(v, actor=housemate)
    assert MicroWish.objects.count() == 3 and Need.objects.count() == 2
    # A declined post no longer counts.
    first = MicroWish.objects.order_by("pk")[0]
    actions.do_review_wish(first, decision="decline", note="重复", actor=v.staff)
    _wish(v, title="再来一个")


def test_the_pages_post_review_and_show_the_status(v: V, client: Client) -> None:
    client.force_login(v.resident)
    answer = client.post(
        "/volunteering/posts/",
        {
            "kind": "wish",
            "title": "一副老花镜",
            "description": "",
            "beneficiary_kind": "elderly",
            "privacy": "masked",
            "category": "other",
        },
    )
    assert answer.status_code == 302
    wish = MicroWish.objects.get()
    client.force_login(v.staff)
    page = client.get("/volunteering/staff/review/")
    assert page.context["page"].paginator.count == 1 and "一副老花镜" in page.content.decode()
    assert "13912345001" not in page.content.decode()  # the poster's phone never shows
    client.post(f"/volunteering/staff/review/wish/{wish.pk}/", {"decision": "approve"})
    assert MicroWish.objects.get().status == WishStatus.OPEN
    client.force_login(v.vol2_user)
    assert "一副老花镜" in client.get("/volunteering/wishes/").content.decode()
    client.force_login(v.resident)
    mine = client.get("/volunteering/posts/?news=1")
    assert mine.context["page"].paginator.count == 1
    assert 'data-status="open"' in mine.content.decode()


def test_others_do_not_read_the_residents_first_words(v: V, client: Client) -> None:
    wish = _wish(v, description="电话13912345678")
    actions.do_review_wish(wish, decision="revise", description="", note="删电话", actor=v.staff)
    client.force_login(v.vol2_user)
    page = client.get(f"/volunteering/wishes/{wish.pk}/").content.decode()
    assert "13912345678" not in page and "删电话" not in page
    client.force_login(v.resident)
    assert "13912345678" in client.get(f"/volunteering/wishes/{wish.pk}/").content.decode()


def test_the_api_posts_reviews_and_refuses(v: V, client: Client) -> None:
    client.force_login(v.resident)
    url = "/api/v1/volunteering/my-posts/wishes"
    ok = client.post(url, {"title": "一本字典"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["status"] == "submitted"
    assert ok.json()["kind"] == "wish"
    bad = client.post(url, {"title": ""}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "title"
    elsewhere = client.post(
        url, {"title": "x", "community_code": v.world.west.code}, content_type="application/json"
    )
    assert elsewhere.status_code == 403
    need = client.post(
        "/api/v1/volunteering/my-posts/needs",
        {"title": "修路灯", "category": "repair"},
        content_type="application/json",
    )
    assert need.status_code == 201 and need.json()["kind"] == "need"
    assert len(client.get("/api/v1/volunteering/my-posts").json()) == 2
    own = client.post(
        f"/api/v1/volunteering/review/wishes/{ok.json()['id']}",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert own.status_code == 403
    client.force_login(v.staff)
    assert len(client.get("/api/v1/volunteering/review").json()) == 2
    done = client.post(
        f"/api/v1/volunteering/review/needs/{need.json()['id']}",
        json.dumps({"decision": "decline", "note": "已在处理"}),
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "declined"
    again = client.post(
        f"/api/v1/volunteering/review/needs/{need.json()['id']}",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert again.status_code == 409
    client.force_login(v.world.users["outsider"])
    hidden = client.post(
        f"/api/v1/volunteering/review/wishes/{ok.json()['id']}",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert hidden.status_code == 404
