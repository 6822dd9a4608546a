"""The admin of venues (with their rooms and photos) and a read-only view of bookings: a
booking's status moves only through the actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from activities.models import Booking, BookingEvent, Room, Venue, VenuePhoto
from core.admin_audit import AuditedAdmin, ReadOnlyAdmin


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0
    fields = ("code", "name", "capacity", "active")


class PhotoInline(admin.TabularInline):
    model = VenuePhoto
    extra = 0
    fields = ("image", "caption")


@admin.register(Venue)
class VenueAdmin(AuditedAdmin):
    list_display = ("name", "kind", "area", "organisation", "partner_unit", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name", "address")
    raw_id_fields = ("area", "organisation", "partner_unit")
    filter_horizontal = ("keepers",)
    inlines = (RoomInline, PhotoInline)


class EventInline(admin.TabularInline):
    model = BookingEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "before", "after", "actor", "note", "at")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ("room", "starts_at", "ends_at", "status", "asker", "head_count")
    list_filter = ("status",)
    search_fields = ("purpose", "on_behalf_of", "room__venue__name")
    inlines = (EventInline,)
