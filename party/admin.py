from django.contrib import admin

from core.admin_audit import AuditedAdmin
from party.models import (
    CrossAppointment,
    PartnershipAgreement,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
)


@admin.register(PartyOrganisation)
class PartyOrganisationAdmin(AuditedAdmin):
    list_display = ["name", "level", "kind", "area"]
    list_filter = ["level", "kind"]
    search_fields = ["name"]
    raw_id_fields = ["parent", "area", "secretary"]


class CrossAppointmentInline(admin.TabularInline):
    model = CrossAppointment
    extra = 0


@admin.register(PartyMember)
class PartyMemberAdmin(AuditedAdmin):
    list_display = ["name", "organisation", "in_service", "home_community"]
    list_filter = ["in_service"]
    search_fields = ["name"]
    raw_id_fields = ["organisation", "user", "resident", "home_community"]
    inlines = [CrossAppointmentInline]


class AgreementInline(admin.TabularInline):
    model = PartnershipAgreement
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(PartnerUnit)
class PartnerUnitAdmin(AuditedAdmin):
    list_display = ["name", "area", "contact"]
    search_fields = ["name"]
    raw_id_fields = ["area"]
    inlines = [AgreementInline]
