from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from core.admin_audit import AuditedAdmin, ReadOnlyAdmin
from core.models import AuditEntry


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
    pass
