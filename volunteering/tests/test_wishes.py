from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from core.models import Notification
from core.refusal import Refusal
from volunteering import actions
from volunteering.models import MicroWish, WishEvent, WishStatus

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, "PNG")
    return buf.getvalue()


def post(v, **kw) -> MicroWish:
    values = {
        "community": v.world.east,
        "title": "一套绘本",
        "beneficiary_name": "张小花",
        "beneficiary_kind": "child",
        "privacy": "masked",
        "actor": v.staff,
    }
    values.update(kw)
    return actions.do_post_wish(**values)


def confirmed(v, title: str) -> MicroWish:
    """A wish of `title` for 王小明, claimed and fulfilled by the second volunteer and
    confirmed by staff: the micro-wish credit is given."""
    wish = post(v, title=title, beneficiary_name="王小明")
    actions.do_claim_wish(wish, actor=v.vol2_user)
    actions.do_fulfil_wish(wish, photo=SimpleUploadedFile("a.png", png()), actor=v.vol2_user)
    return actions.do_confirm_wish(wish, actor=v.staff)


def test_it_shows_names_as_the_resident_agreed(v) -> None:
    assert post(v, privacy="named").public_name == "张小花"
    assert post(v, privacy="masked").public_name == "张**"
    assert post(v, privacy="anonymous").public_name not in ("张小花", "张**")


def test_it_keeps_the_real_name_off_the_wall(v, login) -> None:
    post(v, privacy="masked")
    body = login(v.vol2_user).get(reverse("volunteering:wishes")).content.decode()
    assert "张**" in body and "张小花" not in body


def test_it_lets_only_staff_of_the_community_post(v) -> None:
    with pytest.raises(Refusal):
        post(v, actor=v.world.users["outsider"])
    with pytest.raises(Refusal):
        post(v, actor=v.resident)
    with pytest.raises(Refusal):
        post(v, value="-3")
    assert not MicroWish.objects.exists()


def test_it_walks_a_wish_from_post_to_confirmation(v) -> None:
    wish = post(v)
    wish = actions.do_claim_wish(wish, actor=v.vol2_user)
    assert wish.status == WishStatus.CLAIMED and wish.claimer_member == v.member
    wish = actions.do_fulfil_wish(
        wish, photo=SimpleUploadedFile("p.png", png()), note="已送到", actor=v.vol2_user
    )
    assert wish.status == WishStatus.FULFILLED and wish.photo.name.endswith(".jpg")
    wish = actions.do_confirm_wish(wish, actor=v.staff)
    assert wish.status == WishStatus.CONFIRMED
    assert list(wish.events.values_list("event", flat=True)) == [
        "post",
        "claim",
        "fulfil",
        "confirm",
    ]


def test_it_lets_one_claimer_win(v) -> None:
    wish = post(v)
    actions.do_claim_wish(wish, actor=v.vol2_user)
    with pytest.raises(Refusal) as err:
        actions.do_claim_wish(wish, unit=v.unit, actor=v.staff)
    assert err.value.status == 409
    wish.refresh_from_db()
    assert wish.claimed_by == v.vol2_user and wish.claimer_unit is None


def test_it_refuses_claims_from_non_members(v) -> None:
    wish = post(v)
    with pytest.raises(Refusal) as err:
        actions.do_claim_wish(wish, actor=v.vol_user)
    assert err.value.status == 403
    wish.refresh_from_db()
    assert wish.status == WishStatus.OPEN


def test_it_requires_a_real_photo_to_fulfil(v) -> None:
    wish = actions.do_claim_wish(post(v), actor=v.vol2_user)
    for upload in (None, SimpleUploadedFile("x.jpg", b"not an image")):
        with pytest.raises(Refusal):
            actions.do_fulfil_wish(wish, photo=upload, actor=v.vol2_user)
    wish.refresh_from_db()
    assert wish.status == WishStatus.CLAIMED and not wish.photo


def test_it_lets_only_the_claimer_fulfil(v) -> None:
    wish = actions.do_claim_wish(post(v), actor=v.vol2_user)
    with pytest.raises(Refusal):
        actions.do_fulfil_wish(wish, photo=SimpleUploadedFile("p.png", png()), actor=v.vol_user)


def test_it_sends_back_and_releases(v) -> None:
    wish = actions.do_claim_wish(post(v), actor=v.vol2_user)
    wish = actions.do_fulfil_wish(wish, photo=SimpleUploadedFile("p.png", png()), actor=v.vol2_user)
    wish = actions.do_send_back_wish(wish, reason="照片看不清", actor=v.staff)
    assert wish.status == WishStatus.CLAIMED
    wish = actions.do_release_wish(wish, actor=v.vol2_user)
    assert wish.status == WishStatus.OPEN and wish.claimed_by is None


def test_it_refuses_confirming_an_unfulfilled_wish(v) -> None:
    wish = post(v)
    with pytest.raises(Refusal):
        actions.do_confirm_wish(wish, actor=v.staff)
    assert WishEvent.objects.filter(wish=wish).count() == 1


def test_it_flags_unclaimed_and_stalled_wishes_once(v, login) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC), tick=False) as tm:
        old = post(v, title="旧心愿")
        claimed = actions.do_claim_wish(post(v, title="认领未办"), actor=v.vol2_user)
        tm.shift(dt.timedelta(days=15))
        fresh = post(v, title="新心愿")
        call_command("flag_stalled_wishes")
        call_command("flag_stalled_wishes")
        flagged = set(
            MicroWish.objects.filter(flagged_at__isnull=False).values_list("pk", flat=True)
        )
        assert flagged == {old.pk, claimed.pk}
        assert fresh.pk not in flagged
        assert Notification.objects.filter(user=v.staff, title__contains="2").count() == 1
        body = (
            login(v.staff)
            .get(reverse("volunteering:staff_wishes") + "?flag=stalled")
            .content.decode()
        )
    assert "旧心愿" in body and "认领未办" in body and "新心愿" not in body


def test_it_claims_and_fulfils_through_the_pages(v, login, client) -> None:
    wish = post(v)
    login(v.vol2_user).post(reverse("volunteering:wish_act", args=[wish.pk, "claim"]))
    client.post(
        reverse("volunteering:wish_act", args=[wish.pk, "fulfil"]),
        {"photo": SimpleUploadedFile("p.png", png(), content_type="image/png"), "note": "送到了"},
    )
    login(v.staff).post(reverse("volunteering:wish_act", args=[wish.pk, "confirm"]))
    wish.refresh_from_db()
    assert wish.status == WishStatus.CONFIRMED


def test_it_hides_wishes_of_other_communities(v, login) -> None:
    wish = post(v)
    client = login(v.west_vol_user)
    assert client.get(reverse("volunteering:wish", args=[wish.pk])).status_code == 404


def test_the_task_flags_like_the_command(v) -> None:
    from volunteering.tasks import flag_stalled_wishes_task

    with time_machine.travel(dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC), tick=False) as tm:
        post(v)
        tm.shift(dt.timedelta(days=30))
        result = flag_stalled_wishes_task.enqueue()
    assert result.return_value == 1


def test_the_database_worker_flags_every_morning(v, settings) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sh = dt.timezone(dt.timedelta(hours=8))
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=sh), tick=False) as tm:
        post(v, title="旧心愿")
        out = io.StringIO()
        call_command("flag_stalled_wishes", "--enqueue", stdout=out)
        call_command("flag_stalled_wishes", "--enqueue", stdout=out)
        assert "already scheduled" in out.getvalue()
        worker = ("db_worker", "--batch", "--interval", "0", "--no-startup-delay")
        # the worker closes stale connections between tasks: that would end the test's transaction
        keep = mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections")
        with keep:
            call_command(*worker, verbosity=0)
        assert not MicroWish.objects.filter(flagged_at__isnull=False).exists()
        (next_run,) = DBTaskResult.objects.filter(status="READY")
        assert next_run.run_after == dt.datetime(2026, 3, 2, 7, 30, tzinfo=sh)
        tm.move_to(dt.datetime(2026, 3, 31, 7, 30, tzinfo=sh))
        with keep:
            call_command(*worker, verbosity=0)
    assert MicroWish.objects.filter(flagged_at__isnull=False).count() == 1
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_it_names_the_claimer_by_the_account_that_claimed(v, login) -> None:
    """The demo volunteer "志愿者" is linked to a party member record named 郭宁敏; the wish
    they claim shows them as everywhere else, by their account's name."""
    v.member.name = "郭宁敏"
    v.member.save(update_fields=["name"])
    wish = post(v)
    login(v.vol2_user).post(reverse("volunteering:wish_act", args=[wish.pk, "claim"]))
    wish.refresh_from_db()
    assert wish.claimer_member == v.member and wish.claimer_name == "东党员"
    client = login(v.staff)
    for url in (
        reverse("volunteering:wishes") + "?status=claimed",
        reverse("volunteering:wish", args=[wish.pk]),
        reverse("volunteering:staff_wishes"),
    ):
        page = client.get(url).content.decode()
        assert "东党员" in page and "郭宁敏" not in page, url
    assert client.get(f"/api/v1/volunteering/wishes/{wish.pk}").json()["claimer"] == "东党员"
    assert WishEvent.objects.get(wish=wish, event="claim").note == "东党员"


def test_it_tells_a_claimer_who_claims_again_that_the_wish_is_theirs(v) -> None:
    wish = actions.do_claim_wish(post(v), actor=v.vol2_user)
    with pytest.raises(Refusal, match="您已认领该心愿") as err:
        actions.do_claim_wish(wish, actor=v.vol2_user)
    assert err.value.status == 409
    assert wish.events.filter(event="claim").count() == 1
