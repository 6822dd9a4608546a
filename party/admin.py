from django.contrib import admin

from core.admin_audit import AuditedAdmin, ReadOnlyAdmin
from party.commitments.models import Commitment
from party.models import (
    Assessment,
    AssessmentItem,
    Attendance,
    BenchmarkReview,
    Criterion,
    CrossAppointment,
    FollowUp,
    JointBody,
    LifeRule,
    Meeting,
    NewOrganisation,
    PartnershipAgreement,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
    ServicePost,
    StarScale,
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


# Organisational life: the rules are the setting staff edit (audited); meetings are recorded
# through the pages and the API (party.life.actions), so the admin only reads them.
@admin.register(LifeRule)
class LifeRuleAdmin(AuditedAdmin):
    list_display = ["level", "kind", "frequency", "active"]
    list_editable = ["frequency", "active"]
    list_filter = ["level", "active"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["member"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "kind", "held_on", "counts_for", "place"]
    list_filter = ["kind"]
    date_hierarchy = "held_on"
    raw_id_fields = ["organisation", "recorded_by"]
    inlines = [AttendanceInline]


# Star rating: the criteria and the thresholds are the office's settings (audited);
# assessments move through the pages and the API (party.stars.actions), so the admin reads them.
@admin.register(Criterion)
class CriterionAdmin(AuditedAdmin):
    list_display = ["title", "measure", "points", "target", "position", "active"]
    list_editable = ["points", "position", "active"]


@admin.register(StarScale)
class StarScaleAdmin(AuditedAdmin):
    list_display = ["five", "four", "three", "two"]


class AssessmentItemInline(admin.TabularInline):
    model = AssessmentItem
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "status", "total", "stars"]
    list_filter = ["year", "status"]
    raw_id_fields = ["organisation", "submitted_by", "reviewed_by"]
    inlines = [AssessmentItemInline]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    """承诺践诺: made, progressed, fulfilled and rated through their pages and API
    (party.commitments.actions); the admin reads them."""

    list_display = ["text", "organisation", "member", "area", "year", "deadline", "status"]
    list_filter = ["year", "status"]
    raw_id_fields = ["organisation", "member", "area", "made_by"]


@admin.register(ServicePost)
class ServicePostAdmin(ReadOnlyAdmin):
    list_display = ["member", "kind", "duty", "grid", "since", "until"]
    list_filter = ["kind"]
    raw_id_fields = ["member", "organisation", "grid", "building", "posted_by"]


# Joint meetings and the 两新 register are written through their pages, API and registers
# (party.joint.actions, party.neworgs.actions): the admin reads them.
@admin.register(JointBody)
class JointBodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "area"]
    raw_id_fields = ["area"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["text", "owner", "deadline", "status"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "owner"]


@admin.register(NewOrganisation)
class NewOrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "employees", "area", "coverage"]
    list_filter = ["kind", "coverage"]
    search_fields = ["name"]
    raw_id_fields = ["area", "party_organisation"]


@admin.register(BenchmarkReview)
class BenchmarkReviewAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "held_on"]
    raw_id_fields = ["organisation", "made_by"]
