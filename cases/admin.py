"""Admin: categories and the holiday calendar are edited here; cases are read here and
changed only through actions (the pages and the API), so their workflow fields are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cases.models import (
    CalendarDay,
    Case,
    CaseRequest,
    CaseTransition,
    Category,
    Dispute,
    MediationSession,
)
from core.admin_audit import AuditedAdmin


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = [
        "code",
        "name",
        "name_en",
        "kind",
        "first_level",
        "department",
        "department_en",
        "accept_limit",
        "accept_unit",
        "handle_limit",
        "handle_unit",
        "active",
    ]
    list_filter = ["kind", "first_level", "handle_unit", "active", "is_dispute", "sensitive"]
    search_fields = ["code", "name", "name_en", "department", "department_en"]
    raw_id_fields = ["parent"]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


class TransitionInline(admin.TabularInline):
    model = CaseTransition
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_status", "to_status", "from_level", "to_level", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(AuditedAdmin):
    list_display = ["id", "category", "status", "level", "area", "reported_at", "overdue"]
    list_filter = ["status", "level", "channel", "overdue", "outside_grid"]
    search_fields = ["description", "address", "area_code"]
    date_hierarchy = "reported_at"
    list_select_related = ["category", "area"]
    inlines = [TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CaseRequest)
class CaseRequestAdmin(AuditedAdmin):
    list_display = ["case", "kind", "status", "requested_at", "decided_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["case", "requested_by", "decided_by"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SessionInline(admin.TabularInline):
    model = MediationSession
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Dispute)
class DisputeAdmin(AuditedAdmin):
    list_display = ["case", "dispute_type", "mediation_level", "agreed_at"]
    list_filter = ["dispute_type", "mediation_level"]
    raw_id_fields = ["case"]
    inlines = [SessionInline]
