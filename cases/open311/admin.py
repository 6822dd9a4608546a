"""Admin: API keys are issued here (the key is shown once) and service attributes edited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.open311.actions import do_issue_api_key, do_set_api_key_active
from cases.open311.models import ApiKey, Open311Request, ServiceAttribute
from core.admin_audit import AuditedAdmin, record_save
from core.refusal import Refusal


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name", "user", "area"]


@admin.register(ApiKey)
class ApiKeyAdmin(AuditedAdmin):
    list_display = ["name", "prefix", "user", "area", "active", "created", "last_used"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]
    raw_id_fields = ["user", "area"]
    readonly_fields = ["prefix", "active", "created", "last_used"]
    actions = ["deactivate", "activate"]
    form = ApiKeyForm

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A key's owner and area are fixed once issued: issue a new key instead.
        return [*self.readonly_fields, "user", "area"] if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            # Only the name may change here (the form has no other editable field).
            old = ApiKey.objects.get(pk=obj.pk)
            ApiKey.objects.filter(pk=obj.pk).update(name=obj.name)
            record_save(request, obj, ["name"], old)
            return
        try:
            issued, key = do_issue_api_key(
                name=obj.name, user=obj.user, area=obj.area, actor=request.user
            )
        except Refusal as exc:
            messages.error(request, exc.message)
            return
        obj.pk = issued.pk
        messages.warning(
            request,
            _("The key of “%(name)s” is %(key)s — copy it now: it is not shown again.")
            % {"name": issued.name, "key": key},
        )

    @admin.action(description=gettext_lazy("Switch the selected keys off"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset:
            do_set_api_key_active(key, active=False, actor=request.user)

    @admin.action(description=gettext_lazy("Switch the selected keys on"))
    def activate(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset:
            do_set_api_key_active(key, active=True, actor=request.user)


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(AuditedAdmin):
    list_display = ["category", "code", "description", "datatype", "required", "order"]
    list_filter = ["datatype", "required"]
    search_fields = ["code", "description", "category__code"]
    raw_id_fields = ["category"]


@admin.register(Open311Request)
class Open311RequestAdmin(AuditedAdmin):
    list_display = ["case", "api_key", "created"]
    raw_id_fields = ["case", "api_key"]
    # Contact details are personal data: not shown in the list, read-only here.
    fields = ("case", "api_key", "token", "attributes", "media_url", "created")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
