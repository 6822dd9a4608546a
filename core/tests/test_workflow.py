"""The workflow core: a table, `check`, `allowed` and `move` (lock, check, save, history,
audit, notices after commit), and every stateful model on a table."""

from __future__ import annotations

import threading
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from accounts.models import User
from areas.registers.models import ImportJob
from areas.registers.workflow import JobStatus as J
from core import notify as notify_module
from core.models import AuditEntry, Notification
from core.refusal import Conflict
from core.workflow import Notice, Step, Table, allowed, check, move, table_of, tables


def _history(step: Step) -> None:
    # A history row the test can count: the move as a plain audit entry.
    AuditEntry.objects.create(
        action=f"history.{step.action}",
        object_id=str(step.obj.pk),
        changes={"from": step.before, "to": step.after, "note": step.note, **step.extra},
    )


JOBS = Table.by_action(
    "",  # not registered: moves name it
    J,
    {
        "validate": ({J.PENDING}, J.VALIDATING),
        "write": ({J.VALIDATING}, J.WRITING),
        "fail": ({J.PENDING, J.VALIDATING, J.WRITING}, J.FAILED),
        "touch": ({J.PENDING}, None),
    },
    labels={"validate": gettext_lazy("Checking rows")},
    audit="test.job.{action}",
    history=_history,
)


def _job() -> ImportJob:
    return ImportJob.objects.create(register="areas", filename="a.csv", content=b"")


def _user(phone: str = "13900000001") -> User:
    return User.objects.create_user(phone=phone, password="x", name="王芳")


def test_it_answers_the_next_state_and_keeps_it_for_a_recording_action() -> None:
    assert check(JOBS, J.PENDING, "validate") == J.VALIDATING
    assert check(JOBS, J.PENDING, "touch") == J.PENDING
    assert JOBS.sources("fail") == {J.PENDING, J.VALIDATING, J.WRITING}
    with translation.override("en"):
        assert JOBS.label("validate") == "Checking rows" and JOBS.label("fail") == "fail"


def test_it_refuses_a_move_the_table_lacks_with_a_translated_conflict() -> None:
    with translation.override("zh-hans"), pytest.raises(Conflict) as refused:
        check(JOBS, J.DONE, "validate")
    assert refused.value.status == 409
    assert refused.value.message == "当前状态（done）下不能这样做。"
    with pytest.raises(KeyError):
        check(JOBS, J.PENDING, "no_such_action")  # a typo in the code is not a refusal


def test_it_lists_the_actions_allowed_from_a_state_in_the_tables_order() -> None:
    assert allowed(JOBS, J.PENDING) == ["validate", "fail", "touch"]
    assert allowed(JOBS, J.WRITING) == ["fail"]
    assert allowed(JOBS, J.DONE) == []


@pytest.mark.django_db
def test_it_moves_with_history_audit_and_a_notice_sent_out_after_commit(
    monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sent: list[str] = []
    monkeypatch.setattr(notify_module.ConsoleChannel, "send", lambda self, n: sent.append(n.title))
    user, job = _user(), _job()
    stale = ImportJob.objects.get(pk=job.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        moved = move(
            stale,
            "validate",
            user,
            changes={"processed": 3},
            note="开始",
            extra={"rows": 3},
            notices=[Notice([user], gettext_lazy("Checking rows"), "%d", "/x/", {"n": 1})],
            table=JOBS,
        )
        assert moved is stale and stale.status == J.VALIDATING
        assert Notification.objects.get(user=user).body == "%d"  # a user's text is kept as is
        assert sent == []  # the outside channel waits for the commit
    notice = Notification.objects.get(user=user)
    assert len(callbacks) == 1 and sent == [notice.title] == ["正在检查"]  # the site's language
    job.refresh_from_db()
    assert (job.status, job.processed) == (J.VALIDATING, 3)
    history = AuditEntry.objects.get(action="history.validate")
    assert history.changes == {"from": "pending", "to": "validating", "note": "开始", "rows": 3}
    entry = AuditEntry.objects.get(action="test.job.validate")
    assert entry.actor == user
    assert entry.changes == {
        "processed": [0, 3],
        "status": ["pending", "validating"],
        "note": "开始",
    }


@pytest.mark.django_db
def test_it_leaves_nothing_written_when_refused_or_when_a_step_fails() -> None:
    user, job = _user(), _job()
    ImportJob.objects.filter(pk=job.pk).update(status=J.DONE)
    with pytest.raises(Conflict), transaction.atomic():
        move(job, "validate", user, notices=[Notice([user], "x")], table=JOBS)

    def broken(step: Step) -> None:
        raise RuntimeError("disk full")

    failing = Table(
        "", J, JOBS.moves, audit="test.job.{action}", history=broken
    )  # the history writer fails after the save
    ImportJob.objects.filter(pk=job.pk).update(status=J.PENDING)
    with pytest.raises(RuntimeError), transaction.atomic():
        move(job, "validate", user, notices=[Notice([user], "x")], table=failing)
    job.refresh_from_db()
    assert job.status == J.PENDING
    assert not AuditEntry.objects.exists() and not Notification.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_concurrent_moves_win_and_refuses_the_other() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    job = _job()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker() -> None:
        try:
            stale = ImportJob.objects.get(pk=job.pk)  # both read "pending" before either moves
            barrier.wait()
            with transaction.atomic():
                move(stale, "validate", None, table=JOBS)
            outcomes.append("won")
        except Conflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "won"]
    assert AuditEntry.objects.filter(action="history.validate").count() == 1
    job.refresh_from_db()
    assert job.status == J.VALIDATING


def _ours(config: Any) -> bool:
    return config.path.startswith(str(settings.BASE_DIR)) and "site-packages" not in config.path


def _stateful() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        if not _ours(model._meta.app_config):
            continue
        field = next((f for f in model._meta.concrete_fields if f.name == "status"), None)
        if field is not None and field.choices:
            found.append(model)
    return found


def test_it_has_a_table_for_every_stateful_model_covering_every_status() -> None:
    for config in filter(_ours, apps.get_app_configs()):
        try:
            import_module(f"{config.name}.workflow")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.workflow":
                raise
    stateful = _stateful()
    assert len(stateful) >= 9  # cases, requests, orders, wishes, needs, resources, ...
    # A table may move a field of another name (a campaign household's `outcome`).
    stateful += [
        apps.get_model(label) for label, t in tables().items() if t.status_field != "status"
    ]
    for model in stateful:
        table = table_of(model)  # KeyError: a stateful model without a table
        field: Any = model._meta.get_field(table.status_field)
        choices = {str(value) for value, _label in field.choices}
        reached = {s for s, _a in table.moves} | set(table.moves.values())
        assert set(table.states.values) == choices, model
        assert reached == choices, (model, choices - reached)
    assert set(tables()) == {m._meta.label_lower for m in stateful}
