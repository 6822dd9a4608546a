from django.contrib import admin

from areas.models import Area, Building, Compound, Household, Resident, ServicePoint
from core.admin_audit import AuditedAdmin


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "kind", "active"]
    list_filter = ["level", "kind", "active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Compound)
class CompoundAdmin(AuditedAdmin):
    list_display = ["code", "name", "community"]
    search_fields = ["code", "name"]
    raw_id_fields = ["community"]


@admin.register(Building)
class BuildingAdmin(AuditedAdmin):
    list_display = ["code", "name", "compound", "grid", "floors", "households"]
    search_fields = ["code", "name"]
    raw_id_fields = ["compound", "community", "grid"]


@admin.register(ServicePoint)
class ServicePointAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "area"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["area"]


@admin.register(Household)
class HouseholdAdmin(AuditedAdmin):
    list_display = ["code", "address", "building", "grid"]
    search_fields = ["code", "address"]
    raw_id_fields = ["building", "grid"]


@admin.register(Resident)
class ResidentAdmin(AuditedAdmin):
    list_display = ["code", "name", "gender", "household"]
    search_fields = ["code", "name"]
    raw_id_fields = ["household"]
    # Personal numbers are shown masked in lists; full values only on the audited card page.
    exclude = ()
