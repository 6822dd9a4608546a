"""Patrols in the back office: key spots are edited there (a register), patrols only read
(they move through the phone's actions)."""

from django.contrib import admin

from core.admin_audit import AuditedAdmin, ReadOnlyAdmin
from fieldwork.models import CheckIn, KeySpot, Patrol


@admin.register(KeySpot)
class KeySpotAdmin(AuditedAdmin):
    list_display = ["code", "name", "grid", "kind", "radius", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["grid"]


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    can_delete = False
    readonly_fields = ["spot", "at", "lon", "lat", "distance", "note"]


@admin.register(Patrol)
class PatrolAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "walker", "grid", "status", "distance"]
    list_filter = ["status"]
    search_fields = ["walker__name", "grid__code"]
    inlines = [CheckInInline]
