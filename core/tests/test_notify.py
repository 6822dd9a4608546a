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
