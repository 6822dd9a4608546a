from __future__ import annotations

import pytest

from core.models import Notification
from core.notify import notify

pytestmark = pytest.mark.django_db


class Recorder:
    sent: list[str] = []

    def send(self, notification):
        Recorder.sent.append(notification.title)


def test_it_puts_notifications_in_the_inbox_and_sends_after_commit(
    world, settings, django_capture_on_commit_callbacks, login
):
    settings.LINLI_NOTIFY_CHANNEL = "core.tests.test_notify.Recorder"
    Recorder.sent = []
    user = world.users["grid_worker"]
    with django_capture_on_commit_callbacks(execute=True):
        notify([user, user], "新任务", "请处理", "/cases/1/")
    assert Notification.objects.filter(user=user).count() == 1
    assert Recorder.sent == ["新任务"]
    page = login(user).get("/inbox/")
    assert "新任务" in page.content.decode()


def test_it_marks_a_message_read_and_follows_its_link(world, login):
    user = world.users["grid_worker"]
    note = notify([user], "t", url="/cases/1/")[0]
    response = login(user).post(f"/inbox/{note.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/cases/1/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_it_hides_other_users_messages(world, login):
    note = notify([world.users["grid_worker"]], "secret")[0]
    assert login(world.users["outsider"]).post(f"/inbox/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_it_marks_all_my_messages_read_from_the_inbox_page(world, login):
    user = world.users["grid_worker"]
    mine = notify([user], "a") + notify([user], "b")
    theirs = notify([world.users["outsider"]], "c")[0]
    client = login(user)
    assert "全部标为已读" in client.get("/inbox/").content.decode()
    response = client.post("/inbox/read/")
    assert response.status_code == 302 and response["Location"] == "/inbox/"
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert "全部标为已读" not in client.get("/inbox/").content.decode()


def test_an_outside_channel_is_left_to_the_background_worker(
    world, settings, django_capture_on_commit_callbacks
):
    """A slow SMS gateway must not hold up the action: after the commit the rows go to the
    task queue, and the worker's task sends them (one failing message does not stop the
    rest)."""
    from django_tasks import default_task_backend

    from core import tasks

    settings.LINLI_NOTIFY_CHANNEL = "core.tests.test_notify.Flaky"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    Flaky.sent = []
    users = [world.users["grid_worker"], world.users["community_staff"], world.users["resident"]]
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(users, "坏", "第一条会失败")
        rows += notify(users[:1], "好", "")
    assert Flaky.sent == []  # nothing sent in the action itself
    queued = [r.args[0] for r in default_task_backend.results]  # type: ignore[attr-defined]
    assert sorted(i for ids in queued for i in ids) == sorted(r.pk for r in rows)
    assert sum(tasks.deliver_notifications.call(ids) for ids in queued) == 3
    assert sorted(Flaky.sent) == ["坏", "坏", "好"]


class Flaky:
    sent: list[str] = []
    failed = False

    def send(self, notification):
        if notification.title == "坏" and not Flaky.failed:
            Flaky.failed = True
            raise ConnectionError("gateway down")
        Flaky.sent.append(notification.title)
