"""Reads of joint meetings: the bodies, meetings and follow-ups a user may see, the
follow-ups and tasks a user keeps, and the home page's lines.

`kept_by(user)` is the one answer to "which follow-ups are mine to finish": those of the units
the user is the contact of, and those of the bodies the user runs. The follow-up list and the
home page's lines both count it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from accounts.roles import Capability
from core import timeutil
from core.home import Line
from party import permissions
from party.joint.models import OPEN_STATUSES, FollowUp, JointBody, JointMeeting, UnitTask

DUE_WITHIN = 14  # days: the home page's line lists follow-ups due by then


def bodies(user: Any) -> QuerySet[JointBody]:
    return permissions.joint_bodies_visible_to(user).select_related("area")


def get_body(user: Any, pk: int) -> JointBody | None:
    return bodies(user).annotate(n_members=Count("members")).filter(pk=pk).first()


def meetings(user: Any) -> QuerySet[JointMeeting]:
    return JointMeeting.objects.filter(body__in=permissions.joint_bodies_visible_to(user))


def follow_ups(user: Any) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        meeting__body__in=permissions.joint_bodies_visible_to(user)
    ).select_related("owner", "meeting__body__area")


def tasks(user: Any) -> QuerySet[UnitTask]:
    return UnitTask.objects.filter(member__body__in=permissions.joint_bodies_visible_to(user))


def _kept_q(user: Any, path: str) -> Q:
    q = permissions.scope_q(user, f"{path}body__area__code", Capability.EDIT_PARTY)
    if user is not None and user.is_authenticated:
        q |= Q(**{f"{path}contact": user})
    return q


def kept_by(user: Any) -> QuerySet[FollowUp]:
    """The follow-ups the user keeps: their units' and those of the bodies they run."""
    return follow_ups(user).filter(_kept_q(user, "owner__"))


def open_kept(user: Any, when: str = "", today: dt.date | None = None) -> QuerySet[FollowUp]:
    """The open follow-ups the user keeps; `when`: "overdue" (past the deadline), "due"
    (due within `DUE_WITHIN` days, not overdue), or all."""
    today = today or timeutil.today()
    qs = kept_by(user).filter(status__in=OPEN_STATUSES)
    if when == "overdue":
        qs = qs.filter(deadline__lt=today)
    elif when == "due":
        qs = qs.filter(deadline__gte=today, deadline__lte=today + dt.timedelta(days=DUE_WITHIN))
    return qs.order_by("deadline", "pk")


def home_lines(user: Any) -> list[Line]:
    """Follow-ups the user keeps that are overdue (urgent) or due within two weeks."""
    if user is None or not user.is_authenticated:
        return []
    url = reverse("party:follow_ups")
    overdue = open_kept(user, "overdue").count()
    due = open_kept(user, "due").count()
    return [
        Line(
            "joint.follow_ups_overdue",
            ngettext(
                "%(n)d follow-up of a joint meeting overdue",
                "%(n)d follow-ups of joint meetings overdue",
                overdue,
            )
            % {"n": overdue},
            overdue,
            f"{url}?when=overdue",
            "party",
            urgent=True,
        ),
        Line(
            "joint.follow_ups_due",
            ngettext(
                "%(n)d follow-up of a joint meeting due within two weeks",
                "%(n)d follow-ups of joint meetings due within two weeks",
                due,
            )
            % {"n": due},
            due,
            f"{url}?when=due",
            "party",
        ),
    ]
