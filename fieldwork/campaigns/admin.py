"""Campaigns in the back office, read only: launched and recorded through their actions."""

from django.contrib import admin

from core.admin_audit import ReadOnlyAdmin
from fieldwork.models import Campaign, CampaignHousehold


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "area", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(CampaignHousehold)
class CampaignHouseholdAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "household", "grid", "worker", "outcome", "attempts"]
    list_filter = ["outcome"]
    raw_id_fields = ["household", "grid", "worker", "recorded_by"]
