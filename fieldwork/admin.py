"""Field work's back office: visits and pairings here; patrols and campaigns register their
own admin in their subpackages."""

from django.contrib import admin

from core.admin_audit import AuditedAdmin, ReadOnlyAdmin
from fieldwork.campaigns import admin as campaigns_admin  # noqa: F401
from fieldwork.models import Pairing, Visit, VisitVisitor
from fieldwork.patrols import admin as patrols_admin  # noqa: F401


class VisitVisitorInline(admin.TabularInline):
    model = VisitVisitor
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    """Visits are a diary: recorded on the phone (do_record_visit), read here."""

    list_display = ["household", "visited_on", "kind", "recorded_by", "far", "by_posted_worker"]
    list_filter = ["kind", "far", "by_posted_worker"]
    search_fields = ["household__code", "household__address"]
    date_hierarchy = "visited_on"
    inlines = [VisitVisitorInline]


@admin.register(Pairing)
class PairingAdmin(AuditedAdmin):
    list_display = ["kind", "person", "household", "resident", "grid", "started_on", "ended_on"]
    list_filter = ["kind"]
    search_fields = ["person__name", "area_code"]
    raw_id_fields = ["person", "household", "resident", "grid", "created_by"]
