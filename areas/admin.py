from django.contrib import admin

from areas.models import Area, Building, Compound, Household, Resident


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "active"]
    list_filter = ["level", "kind", "active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "community"]
    search_fields = ["code", "name"]
    raw_id_fields = ["community"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "compound", "grid", "floors", "households"]
    search_fields = ["code", "name"]
    raw_id_fields = ["compound", "community", "grid"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["code", "address", "building", "grid"]
    search_fields = ["code", "address"]
    raw_id_fields = ["building", "grid"]


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "gender", "household"]
    search_fields = ["code", "name"]
    raw_id_fields = ["household"]
    # Personal numbers are shown masked in lists; full values only on the audited card page.
    exclude = ()
