"""Consultation's status tables (`core.workflow`); the audit log is their history.

Topics: a resident's proposal gathers support, qualifies at its threshold, goes on a meeting's
agenda (schedule), may be put to the vote, and is decided; it may be dropped before. Meetings:
planned → minuted → published. Follow-ups use the item table of joint meetings (open → in
progress → done), audited under consultation's own name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.workflow import Table
from party.joint.models import ItemStatus
from party.joint.workflow import LABELS as ITEM_LABELS
from party.joint.workflow import SPEC as ITEM_SPEC
from volunteering.consultation.models import MeetingStatus as M
from volunteering.consultation.models import TopicStatus as T

TOPICS = Table.by_action(
    "volunteering.topic",
    T,
    {
        "qualify": ((T.GATHERING,), T.ELIGIBLE),
        "schedule": ((T.ELIGIBLE,), T.SCHEDULED),
        "open_vote": ((T.SCHEDULED,), T.VOTING),
        "decide": ((T.SCHEDULED, T.VOTING), T.DECIDED),
        "drop": ((T.GATHERING, T.ELIGIBLE, T.SCHEDULED), T.DROPPED),
    },
    labels={
        "qualify": _("Reached its supports"),
        "schedule": _("Put on the agenda"),
        "open_vote": _("Open the vote"),
        "decide": _("Decide"),
        "drop": _("Do not take up"),
    },
    audit="volunteering.topic.{action}",
)

MEETINGS = Table.by_action(
    "volunteering.consultmeeting",
    M,
    {
        "minute": ((M.PLANNED,), M.HELD),
        "publish": ((M.HELD,), M.PUBLISHED),
    },
    labels={"minute": _("Record the minutes"), "publish": _("Publish the record")},
    audit="volunteering.meeting.{action}",
)

FOLLOW_UPS = Table.by_action(
    "volunteering.topicfollowup",
    ItemStatus,
    ITEM_SPEC,
    labels=ITEM_LABELS,
    audit="volunteering.topic_follow_up.{action}",
)
