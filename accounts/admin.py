from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminLoginForm
from accounts.models import ApiToken, RoleAssignment, User
from core.admin_audit import AuditedAdmin, record_delete

# The admin's own login would try passwords without the waits of the login page.
admin.site.login_form = AdminLoginForm


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["area"]


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ["phone"]
    list_display = ["phone", "name", "is_active", "is_staff"]
    search_fields = ["phone", "name"]
    list_filter = ["is_active", "is_staff", "role_assignments__role"]
    raw_id_fields = ["resident"]
    fieldsets = (
        (None, {"fields": ("phone", "name", "password", "resident")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("phone", "name", "password1", "password2")}),
    )
    inlines = [RoleInline]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        """Switching an account off here revokes its app tokens too, as on the people pages."""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "is_active" in form.changed_data and not obj.is_active:
                for token in obj.api_tokens.all():
                    record_delete(request, token)
                    token.delete()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ["user", "role", "area", "duty"]
    list_filter = ["role"]
    search_fields = ["user__name", "user__phone", "area__name", "area__code"]
    autocomplete_fields = ["user", "area"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["name", "user", "created", "last_used"]
    readonly_fields = ["key_hash"]


# linli grants access through roles on areas; groups stay available in the back office, audited.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):
    pass
