from django.contrib import admin

from areas.registers.models import ImportJob
from core.admin_audit import AuditedAdmin


@admin.register(ImportJob)
class ImportJobAdmin(AuditedAdmin):
    """Read-only: jobs are created and run by the import actions."""

    list_display = ("created", "register", "filename", "actor", "status", "total", "error_count")
    list_filter = ("register", "status")
    exclude = ("content",)
    readonly_fields = [f.name for f in ImportJob._meta.fields if f.name != "content"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
