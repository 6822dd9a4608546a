"""Read-mostly admin: statuses change only through the actions (pages, API, commands)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import media
from core.admin_audit import AuditedAdmin
from volunteering.models import (
    Claim,
    ClaimEvent,
    ConsultMeeting,
    MicroWish,
    Need,
    Order,
    OrderEvent,
    Project,
    Resource,
    ServiceItem,
    Talent,
    Team,
    TeamMembership,
    Topic,
    TopicFollowUp,
    Volunteer,
)


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    raw_id_fields = ["volunteer"]


@admin.register(Volunteer)
class VolunteerAdmin(AuditedAdmin):
    list_display = ["name", "community", "party_member", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    raw_id_fields = ["user", "resident", "party_member", "community"]


@admin.register(Team)
class TeamAdmin(AuditedAdmin):
    list_display = ["name", "kind", "community", "active"]
    list_filter = ["kind"]
    inlines = [MembershipInline]
    raw_id_fields = ["community", "compound", "partner_unit", "organisation"]


@admin.register(Talent)
class TalentAdmin(AuditedAdmin):
    list_display = ["volunteer", "kind", "title"]
    list_filter = ["kind"]
    raw_id_fields = ["volunteer"]


@admin.register(ServiceItem)
class ServiceItemAdmin(AuditedAdmin):
    list_display = ["title", "community", "category", "team", "active"]
    list_filter = ["category", "active"]
    raw_id_fields = ["community", "team"]


@admin.register(Need, Resource)
class ListAdmin(AuditedAdmin):
    list_display = ["title", "community", "category", "status"]
    list_filter = ["category", "status"]
    readonly_fields = ["status"]


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["title", "community", "status", "due"]
    readonly_fields = ["need", "resource", "status", "completed_at"]


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ["event", "from_status", "to_status", "actor", "volunteer", "note", "at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Order)
class OrderAdmin(AuditedAdmin):
    list_display = ["title", "community", "status", "taker", "created"]
    list_filter = ["status"]
    inlines = [OrderEventInline]
    readonly_fields = [f.name for f in Order._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(MicroWish)
class MicroWishAdmin(AuditedAdmin):
    list_display = ["title", "community", "status", "privacy", "created"]
    list_filter = ["status", "privacy"]
    # The photo through its signed address (core.media): its plain address is not served.
    exclude = ["photo"]
    readonly_fields = [
        "photo_link" if f.name == "photo" else f.name for f in MicroWish._meta.fields
    ]

    @admin.display(description=_("photo"))
    def photo_link(self, wish: MicroWish) -> str:
        return (
            format_html('<a href="{}">{}</a>', media.url(wish.photo), wish.photo.name)
            if wish.photo
            else "-"
        )

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    extra = 0
    can_delete = False
    readonly_fields = ["event", "from_status", "to_status", "actor", "note", "at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Claim)
class ClaimAdmin(AuditedAdmin):
    """双向领办: moves go through the actions; the admin only reads."""

    list_display = ["__str__", "community", "status", "score", "claimed_at"]
    list_filter = ["status"]
    inlines = [ClaimEventInline]
    readonly_fields = [f.name for f in Claim._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


# Consultation: read-only (every step is an action). Ballots and supports are not listed:
# a secret ballot holds no choice anyway, and who supported what is nobody's browsing.
@admin.register(Topic)
class TopicAdmin(AuditedAdmin):
    list_display = ["title", "community", "source", "status", "decided_on"]
    list_filter = ["status", "source"]
    search_fields = ["title"]
    exclude = ["proposed_by", "household"]
    readonly_fields = [
        f.name for f in Topic._meta.fields if f.name not in ("proposed_by", "household")
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(ConsultMeeting)
class ConsultMeetingAdmin(AuditedAdmin):
    list_display = ["title", "kind", "community", "held_on", "status"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ConsultMeeting._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(TopicFollowUp)
class TopicFollowUpAdmin(AuditedAdmin):
    list_display = ["text", "owner_name", "deadline", "status"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in TopicFollowUp._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
