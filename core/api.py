"""The in-app inbox under /api/v1/inbox/: the caller's own notifications, as on the inbox page.

Errors: 404 a message that is not there or not the caller's (nothing changes), 422 malformed
input.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from core import inbox as box
from core.models import Notification
from core.paging import Page, page_param, page_size_param, paginate
from core.refusal import NotFound
from core.schemas import errors

router = Router(tags=["inbox"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created: dt.datetime
    read: bool
    read_at: dt.datetime | None

    @staticmethod
    def resolve_read(note: Notification) -> bool:
        return note.read_at is not None


class NotificationPage(Page[NotificationOut]):
    pass


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get("/", response={200: NotificationPage, **errors()})
def list_notifications(
    request: HttpRequest,
    unread: bool = Query(False, description="only the messages not read yet"),
    page: int = page_param(),
    page_size: int = page_size_param(),
) -> Status:
    """The caller's messages, newest first."""
    return Status(200, paginate(box.inbox_of(request.user, unread=unread), page, page_size))


@router.get("/unread-count", response={200: UnreadOut})
def unread_count(request: HttpRequest) -> Status:
    """How many of the caller's messages are not read yet (the badge on the inbox)."""
    return Status(200, {"unread": box.unread_count(request.user)})


@router.post("/read", response={200: MarkedOut})
def mark_all_read(request: HttpRequest) -> Status:
    """Mark every unread message of the caller read; `marked` says how many were unread."""
    return Status(200, {"marked": box.do_mark_all_read(request.user)})


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, **errors(404)},
)
def mark_read(request: HttpRequest, notification_id: int) -> Status:
    """Mark one of the caller's messages read; again is harmless (the first time is kept)."""
    note = box.do_mark_read(request.user, notification_id)
    if note is None:
        raise NotFound(_("No such message."))
    return Status(200, note)
