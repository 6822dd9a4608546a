"""The back office speaks the site's languages: its title is linli's, and the background task
table that django_tasks_db brings (with English names only) reads in Chinese."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts.models import User
from tests.i18n import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def back_office(client):
    user = User.objects.create_superuser(phone="13600000000", password="x", name="后台")
    client.force_login(user)
    return client


def _task() -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="cases.tasks.sweep_deadlines_task",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )


def test_it_titles_the_admin_as_linli_in_chinese(back_office) -> None:
    page = back_office.get("/admin/").content.decode()
    assert "<title>站点管理 | 邻里 管理后台</title>" in page
    assert "Django" not in visible_text(page)
    text = visible_text(page)
    assert "后台任务" in text and "任务结果" in text
    assert "Tasks Database Backend" not in text and "Task Result" not in text


def test_it_titles_the_admin_as_linli_in_english(back_office) -> None:
    back_office.cookies["django_language"] = "en"
    page = back_office.get("/admin/").content.decode()
    assert "linli admin" in page and "Django administration" not in page
    assert "Background tasks" in page


def test_it_names_the_task_tables_fields_in_chinese(back_office) -> None:
    task = _task()
    listing = visible_text(back_office.get("/admin/django_tasks_database/dbtaskresult/"))
    for label in (
        "任务",
        "状态",
        "入队时间",
        "开始时间",
        "结束时间",
        "优先级",
        "队列名称",
        "待执行",
    ):
        assert label in listing, label
    for english in ("Task name", "enqueued at", "Queue name", "Ready"):
        assert english not in listing, english
    detail = back_office.get(f"/admin/django_tasks_database/dbtaskresult/{task.pk}/change/")
    text = visible_text(detail)
    for label in ("参数", "任务路径", "执行进程", "后端名称", "最早执行时间", "返回值", "异常类型"):
        assert label in text, label
    for english in ("args kwargs", "task path", "worker id", "run after", "traceback"):
        assert english not in text.lower(), english
