from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from core.admin_audit import AuditedAdmin, ReadOnlyAdmin
from core.models import AuditEntry

admin.site.site_header = admin.site.site_title = _("linli admin")

# django_tasks_db names its task table and fields in English and ships no catalog: these are
# its msgids (and django_tasks' status labels), listed so that core's catalog translates them.
TASK_MSGIDS = (
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id"]
    date_hierarchy = "at"


# Background task results are written by the worker; in the back office they are read-only,
# and should that ever change, the change is audited like every other admin change.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(AuditedAdmin, DBTaskResultAdmin):
    # The columns the parent names with plain English strings, named in the reader's language.
    list_display = ("id", "task", *DBTaskResultAdmin.list_display[2:])

    @admin.display(description=pgettext_lazy("background task", "task"))
    def task(self, obj: DBTaskResult) -> str:
        return str(obj.task_name)

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj: DBTaskResult) -> Any:
        return super().display_run_after(obj)
