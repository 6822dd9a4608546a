"""Consultation (议事协商) and hearings (听证会): topics from the needs list, a resident's
proposal (supported by households up to a threshold) or the office; meetings with their agenda,
participants, attendance and minutes; a vote per topic (one per household, open or secret, with
a quorum); the decision and its follow-ups; the published record. Imported by
`volunteering.models`, so these are the volunteering app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Area, Household
from party.joint.models import OPEN_STATUSES, ItemStatus

TITLE_MAX = 100
TEXT_MAX = 2000
FOLLOW_UP_MAX = 300


class TopicSource(models.TextChoices):
    NEED = "need", _("From the needs list")
    PROPOSAL = "proposal", _("A resident's proposal")
    OFFICE = "office", _("From the community office")


class TopicStatus(models.TextChoices):
    GATHERING = "gathering", _("Gathering support")
    ELIGIBLE = "eligible", _("Ready for a meeting")
    SCHEDULED = "scheduled", _("On a meeting's agenda")
    VOTING = "voting", _("Vote open")
    DECIDED = "decided", _("Decided")
    DROPPED = "dropped", _("Not taken up")


class VoteMode(models.TextChoices):
    NONE = "none", _("No vote")
    OPEN = "open", _("Open vote")
    SECRET = "secret", _("Secret vote")


class Choice(models.TextChoices):
    FOR = "for", pgettext_lazy("vote", "For")
    AGAINST = "against", pgettext_lazy("vote", "Against")
    ABSTAIN = "abstain", pgettext_lazy("vote", "Abstain")


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Consultation meeting")
    HEARING = "hearing", _("Hearing")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting", "Planned")
    HELD = "held", pgettext_lazy("meeting", "Minuted")
    PUBLISHED = "published", pgettext_lazy("meeting", "Published")


class Participant(models.TextChoices):
    """The parties of 四位一体协商共治 and the others a meeting may invite."""

    RESIDENTS = "residents", _("Residents' representatives")
    PROPERTY = "property", _("Property company")
    OWNERS = "owners", _("Owners' committee")
    PARTY = "party", _("Party members")
    UNITS = "units", _("Partner units")


class ConsultMeeting(models.Model):
    """A consultation meeting (议事会) or a hearing (听证会) of a community."""

    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="consult_meetings"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.MEETING
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    held_on = models.DateField(pgettext_lazy("meeting", "date"))
    place = models.CharField(pgettext_lazy("meeting", "place"), max_length=100, blank=True)
    agenda = models.TextField(pgettext_lazy("meeting", "agenda"), max_length=TEXT_MAX, blank=True)
    participants = models.JSONField(_("participants"), default=list, blank=True)
    # Share of the community's households whose ballots make a vote count (法定人数).
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum, as a share of households (per cent)"), default=10
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    attendance = models.PositiveIntegerField(_("people present"), default=0)
    present = models.CharField(_("present"), max_length=300, blank=True)
    minutes = models.TextField(_("minutes"), max_length=TEXT_MAX, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="consult_meeting_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                name="consult_quorum_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.held_on}"

    @property
    def area_code(self) -> str:
        return str(self.community.code)

    @property
    def is_hearing(self) -> bool:
        return self.kind == MeetingKind.HEARING

    def participant_labels(self) -> list[str]:
        labels = dict(Participant.choices)
        return [str(labels[p]) for p in self.participants if p in labels]


class Topic(models.Model):
    """A topic (议题) of a community. A resident's proposal gathers support from households
    until its `threshold`; then (or at once, from the office or the needs list) it may go on
    a meeting's agenda, be voted on and decided. Who proposed it is kept, never published."""

    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=TopicSource.choices)
    need = models.ForeignKey(
        "volunteering.Need",
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    threshold = models.PositiveIntegerField(_("supports needed"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=TopicStatus.choices, default=TopicStatus.ELIGIBLE
    )
    meeting = models.ForeignKey(
        ConsultMeeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topics",
    )
    vote_mode = models.CharField(
        _("vote"), max_length=8, choices=VoteMode.choices, default=VoteMode.NONE
    )
    # A secret vote's tally: counters only, so no row ties a choice to a household.
    secret_for = models.PositiveIntegerField(default=0)
    secret_against = models.PositiveIntegerField(default=0)
    secret_abstain = models.PositiveIntegerField(default=0)
    decision = models.TextField(_("decision"), max_length=TEXT_MAX, blank=True)
    carried = models.BooleanField(_("carried"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultation topic")
        verbose_name_plural = _("consultation topics")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="topic_community_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def area_code(self) -> str:
        return str(self.community.code)


class TopicSupport(models.Model):
    """One household's support for a proposal; who clicked is kept, never published."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="supports")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["topic", "household"], name="topic_support_once")
        ]


class Ballot(models.Model):
    """A household's ballot on a topic: one per household (the constraint is the race's last
    word). An open ballot holds its choice; a secret one holds none (the choice went to the
    topic's counters), so it only says that the household has voted. No time is kept, so no
    ballot can be lined up with a counter's change."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="ballots")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    choice = models.CharField(max_length=8, choices=Choice.choices, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["topic", "household"], name="ballot_once_per_household")
        ]


class TopicFollowUp(models.Model):
    """What a decision asks someone to do: the owner (a unit's name and the account that
    reports on it), a deadline and the status (the item workflow shared with joint meetings)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(pgettext_lazy("joint", "follow-up"), max_length=FOLLOW_UP_MAX)
    owner_name = models.CharField(_("responsible"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account reporting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consult_follow_ups",
    )
    deadline = models.DateField(pgettext_lazy("item", "deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    done_on = models.DateField(pgettext_lazy("item", "done on"), null=True, blank=True)
    note = models.CharField(pgettext_lazy("item", "note"), max_length=FOLLOW_UP_MAX, blank=True)

    class Meta:
        verbose_name = _("decision follow-up")
        verbose_name_plural = _("decision follow-ups")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="topic_followup_due")]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def area_code(self) -> str:
        return str(self.topic.community.code)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Speaker(models.Model):
    """A speaker registered for a hearing: a resident (through their household) or someone
    the office names. The published record shows the name masked and what they said."""

    meeting = models.ForeignKey(ConsultMeeting, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=50)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.CharField(pgettext_lazy("speaker", "position"), max_length=300, blank=True)
    statement = models.TextField(_("what was said"), max_length=TEXT_MAX, blank=True)
    registered = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hearing speaker")
        verbose_name_plural = _("hearing speakers")
        ordering = ["registered", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "household"],
                condition=Q(household__isnull=False),
                name="speaker_once_per_household",
            )
        ]
