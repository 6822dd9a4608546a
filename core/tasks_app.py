"""django_tasks_db's app under a name in the reader's language (its own is English only).
Its own module: core.apps must keep one AppConfig for Django to pick."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TaskResultsConfig(TasksAppConfig):
    verbose_name = _("Background tasks")  # type: ignore[assignment]  # lazy, as Django allows
