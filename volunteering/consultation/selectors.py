"""Reads of consultation: the thresholds and tallies, the lists the pages and home lines share,
and the published record (公开栏) a higher app may show (`published_decisions`)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from areas.models import Area, Household
from core import timeutil
from core.home import Line
from party.joint.models import OPEN_STATUSES
from volunteering import permissions
from volunteering.consultation.models import (
    Ballot,
    Choice,
    ConsultMeeting,
    MeetingStatus,
    Topic,
    TopicFollowUp,
    TopicStatus,
    TopicSupport,
    VoteMode,
)

# A resident's proposal needs the support of this share of the community's households, at
# least SUPPORT_MIN households (never more than the community has).
SUPPORT_PERCENT = 5
SUPPORT_MIN = 3


def households_in(community: Area) -> int:
    return Household.objects.filter(grid__code__startswith=community.code).count()


def support_threshold(community: Area) -> int:
    """Supports a proposal needs: `LINLI_CONSULT_SUPPORT_PERCENT` (5) % of the community's
    households, at least `LINLI_CONSULT_SUPPORT_MIN` (3), at most all of them (and one)."""
    percent = getattr(settings, "LINLI_CONSULT_SUPPORT_PERCENT", SUPPORT_PERCENT)
    least = getattr(settings, "LINLI_CONSULT_SUPPORT_MIN", SUPPORT_MIN)
    households = households_in(community)
    return max(1, min(households, max(least, math.ceil(households * percent / 100))))


@dataclass(frozen=True)
class Tally:
    votes_for: int
    against: int
    abstain: int
    households: int  # the community's, for the quorum
    needed: int  # ballots for a quorum

    @property
    def total(self) -> int:
        return self.votes_for + self.against + self.abstain

    @property
    def quorate(self) -> bool:
        return self.total >= self.needed

    @property
    def carried(self) -> bool:
        """Carried: the quorum reached and more households for than against."""
        return self.quorate and self.votes_for > self.against


def tally(topic: Topic) -> Tally | None:
    """The count of a topic's vote (None without one). A secret vote is read from the topic's
    counters; an open one from its ballots."""
    if topic.vote_mode == VoteMode.NONE or topic.meeting is None:
        return None
    counts: dict[str, int]
    if topic.vote_mode == VoteMode.SECRET:
        counts = {
            Choice.FOR.value: topic.secret_for,
            Choice.AGAINST.value: topic.secret_against,
            Choice.ABSTAIN.value: topic.secret_abstain,
        }
    else:
        counts = dict(
            topic.ballots.values_list("choice").annotate(n=Count("pk")).values_list("choice", "n")
        )
    households = households_in(topic.community)
    needed = max(1, math.ceil(households * topic.meeting.quorum_percent / 100))
    return Tally(
        counts.get(Choice.FOR.value, 0),
        counts.get(Choice.AGAINST.value, 0),
        counts.get(Choice.ABSTAIN.value, 0),
        households,
        needed,
    )


def shown_tally(topic: Topic) -> Tally | None:
    """The count as pages and the API show it: an open vote's as it goes, a secret vote's
    only once decided (a running count watched between two ballots would tell what the
    household that just voted chose)."""
    if topic.status == TopicStatus.DECIDED or (
        topic.status == TopicStatus.VOTING and topic.vote_mode == VoteMode.OPEN
    ):
        return tally(topic)
    return None


def topics(user: Any) -> QuerySet[Topic]:
    return permissions.topics_visible_to(user).select_related("community", "meeting")


def meetings(user: Any) -> QuerySet[ConsultMeeting]:
    return permissions.consult_meetings_visible_to(user).select_related("community")


def support_count(topic: Topic) -> int:
    return TopicSupport.objects.filter(topic=topic).count()


def open_for_me(user: Any) -> QuerySet[Topic]:
    """Topics of the user's community waiting for their household: proposals gathering support
    it has not given, votes it has not cast."""
    household = permissions.consult_household(user)
    code = permissions.consult_community_code(user)
    if household is None or code is None:
        return Topic.objects.none()
    supported = TopicSupport.objects.filter(topic=OuterRef("pk"), household=household)
    voted = Ballot.objects.filter(topic=OuterRef("pk"), household=household)
    return (
        Topic.objects.filter(community__code=code)
        .alias(supported=Exists(supported), voted=Exists(voted))
        .filter(
            Q(status=TopicStatus.GATHERING, supported=False)
            | Q(status=TopicStatus.VOTING, voted=False)
        )
        .select_related("community", "meeting")
    )


def eligible_topics(user: Any) -> QuerySet[Topic]:
    """Topics ready for a meeting in the areas the user runs (proposals that reached their
    supports, the office's and the needs list's not yet on an agenda)."""
    return topics(user).filter(
        permissions.consult_staff_q(user, "community__code"), status=TopicStatus.ELIGIBLE
    )


def meetings_to_minute(user: Any) -> QuerySet[ConsultMeeting]:
    """Meetings of the user's areas whose day has come and that have no minutes yet."""
    return meetings(user).filter(
        permissions.consult_staff_q(user, "community__code"),
        status=MeetingStatus.PLANNED,
        held_on__lte=timeutil.today(),
    )


def follow_ups(user: Any) -> QuerySet[TopicFollowUp]:
    """Follow-ups the user sees: those of the topics they see."""
    return TopicFollowUp.objects.filter(
        topic__in=permissions.topics_visible_to(user)
    ).select_related("topic__community", "owner")


def follow_ups_overdue(user: Any) -> QuerySet[TopicFollowUp]:
    """Open follow-ups past their deadline in the areas the user runs."""
    return follow_ups(user).filter(
        permissions.consult_staff_q(user, "topic__community__code"),
        status__in=OPEN_STATUSES,
        deadline__lt=timeutil.today(),
    )


def my_follow_ups(user: Any) -> QuerySet[TopicFollowUp]:
    """Open follow-ups the user reports on."""
    if user is None or not user.is_authenticated:
        return TopicFollowUp.objects.none()
    return follow_ups(user).filter(owner=user, status__in=OPEN_STATUSES)


def _under(field: str, area_codes: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for code in area_codes:
        q |= Q(**{f"{field}__startswith": code})
    return q


def published_meetings(area_codes: Iterable[str]) -> QuerySet[ConsultMeeting]:
    """Published meetings and hearings of the communities under `area_codes`, newest first."""
    return (
        ConsultMeeting.objects.filter(
            _under("community__code", area_codes), status=MeetingStatus.PUBLISHED
        )
        .select_related("community")
        .prefetch_related("speakers")
        .order_by("-held_on", "-pk")
    )


def published_decisions(area_codes: Iterable[str]) -> QuerySet[Topic]:
    """Topics decided at a published meeting of the communities under `area_codes`, with their
    follow-ups prefetched: what was decided and what has been done. Safe to show to the area's
    residents: a topic carries no proposer or supporter, a follow-up no phone. For a higher
    app (the dashboard's published results) as for the 公开栏 page."""
    return (
        Topic.objects.filter(
            _under("community__code", area_codes),
            status=TopicStatus.DECIDED,
            meeting__status=MeetingStatus.PUBLISHED,
        )
        .select_related("community", "meeting")
        .prefetch_related("follow_ups")
        .order_by("-decided_on", "-pk")
    )


def home_lines(user: Any) -> list[Line]:
    """Staff: proposals that reached their supports (and other topics ready), meetings to
    minute, follow-ups overdue; a resident: topics waiting for their household's support or
    vote; an owner: their follow-ups to finish. Each counts the list it links to."""
    if user is None or not user.is_authenticated:
        return []
    url = reverse("volunteering:consultation")
    lines: list[Line] = []
    if permissions.runs_any_consultations(user):
        n = eligible_topics(user).count()
        lines.append(
            Line(
                "consultation.eligible",
                ngettext("%(n)d topic ready for a meeting", "%(n)d topics ready for a meeting", n)
                % {"n": n},
                n,
                f"{url}?show=eligible",
                "services",
            )
        )
        n = meetings_to_minute(user).count()
        lines.append(
            Line(
                "consultation.to_minute",
                ngettext("%(n)d meeting to minute", "%(n)d meetings to minute", n) % {"n": n},
                n,
                f"{url}?show=to_minute",
                "services",
            )
        )
        n = follow_ups_overdue(user).count()
        lines.append(
            Line(
                "consultation.overdue",
                ngettext("%(n)d decision follow-up overdue", "%(n)d decision follow-ups overdue", n)
                % {"n": n},
                n,
                f"{url}?show=overdue",
                "services",
                urgent=True,
            )
        )
    n = open_for_me(user).count()
    lines.append(
        Line(
            "consultation.open",
            ngettext(
                "%(n)d community topic for your support or vote",
                "%(n)d community topics for your support or vote",
                n,
            )
            % {"n": n},
            n,
            f"{url}?show=open",
            "services",
        )
    )
    n = my_follow_ups(user).count()
    lines.append(
        Line(
            "consultation.mine",
            ngettext("%(n)d decision follow-up to finish", "%(n)d decision follow-ups to finish", n)
            % {"n": n},
            n,
            f"{url}?show=mine",
            "services",
        )
    )
    return lines
