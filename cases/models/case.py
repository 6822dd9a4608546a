"""A case, its photos, its append-only history, supporters, ratings and approval requests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.workflow import OPEN, SWEPT, Level, RequestStatus, Status
from core.media import RandomName
from core.timeutil import SHANGHAI

DESCRIPTION_MAX = 4000  # as Open311 GeoReport v2 allows


class Channel(models.TextChoices):
    APP = "app", _("Resident snap report")
    PATROL = "patrol", _("Grid worker patrol")
    HOTLINE_12345 = "hotline_12345", _("Hotline 12345")
    HOTLINE_96345 = "hotline_96345", _("Hotline 96345")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN)

    def closed(self) -> CaseQuerySet:
        return self.filter(status=Status.CLOSED)

    def visible_to(self, user: Any) -> CaseQuerySet:
        """Cases in the user's areas, plus the ones the user reported, supports or handles."""
        from cases.permissions import visible_q

        return self.filter(visible_q(user))


class Case(models.Model):
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # Looked up through case_category_idx (category, reported_at); no index of its own.
    category = models.ForeignKey(
        "cases.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    description = models.TextField(pgettext_lazy("case", "description"), max_length=DESCRIPTION_MAX)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    building = models.ForeignKey(
        "areas.Building",
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # case_building_idx: only the cases that name a building
    )
    # The routed area: a grid, or a community/subdistrict when the point is in no grid.
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    # Denormalised area code: access checks and queues are one indexed prefix match.
    area_code = models.CharField(_("area code"), max_length=32, db_index=True)
    outside_grid = models.BooleanField(_("outside every grid"), default=False)
    level = models.IntegerField(_("level"), choices=Level.choices, default=Level.GRID)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED
    )

    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    accept_due = models.DateTimeField(_("accept by"), null=True, blank=True)
    handle_due = models.DateTimeField(_("handle by"), null=True, blank=True)
    # The deadline of the current stage; the sweep watches it.
    due_at = models.DateTimeField(pgettext_lazy("case", "due"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # 首问负责: whoever accepts it owns it until it is closed or handed over.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_cases",
        db_index=False,  # case_owner_idx: only the accepted cases
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_cases",
        db_index=False,  # looked up through case_handler_idx (handler, status)
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_cases",
    )
    # Who entered it: the resident, the grid worker, or the hotline clerk for a caller.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    caller_name = models.CharField(_("caller name"), max_length=50, blank=True)
    caller_phone = models.CharField(_("caller phone"), max_length=20, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)

    rating = models.PositiveSmallIntegerField(
        pgettext_lazy("case", "rating"), null=True, blank=True
    )
    rework_count = models.PositiveIntegerField(_("rework count"), default=0)
    # Deadline passed: escalated automatically and under supervision (督办).
    overdue = models.BooleanField(_("overdue (督办)"), default=False)
    # The deadline it missed last (set by the sweep as it escalates): an overdue case shows it
    # beside the deadline of the level it climbed to.
    missed_due = models.DateTimeField(_("missed deadline"), null=True, blank=True)
    extended = models.BooleanField(_("extended"), default=False)
    resolved_on_spot = models.BooleanField(_("resolved on the spot"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_cases",
        db_index=False,  # case_merged_idx: only the merged cases
    )
    # The household visit (fieldwork, below cases) that raised it: fieldwork never names cases,
    # so the link lives here.
    visit = models.ForeignKey(
        "fieldwork.Visit",
        verbose_name=_("from the visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        db_index=False,  # case_visit_idx: only the cases raised on a visit
    )
    # The patrol it was found on (巡查发现), set when reported from the patrol's page.
    patrol = models.ForeignKey(
        "fieldwork.Patrol",
        verbose_name=_("patrol"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        db_index=False,  # case_patrol_idx: only the cases found on a patrol
    )
    closed_level = models.IntegerField(
        _("closed at level"), choices=Level.choices, null=True, blank=True
    )
    # 答复: the answer the reporter reads, written by staff when handling or closing. The
    # notes on the history's staff steps stay internal (cases.permissions.sees_internal_notes).
    reply = models.TextField(_("public reply"), blank=True, max_length=2000)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, blank=True)
    external_token = models.CharField(_("external token"), max_length=64, blank=True)

    objects = CaseQuerySet.as_manager()

    # Set by do_report_case: True when an idempotent retry returned an existing case.
    replayed: bool = False
    # Set by find_duplicates: metres from the new report.
    distance: int = 0
    # Set by do_report_case on a case it made: its history rows and photos, so that the
    # answer to the report need not read them back.
    intake_rows: tuple[list[Any], list[Any]] | None = None

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="case_idempotency_per_reporter",
            ),
            models.CheckConstraint(
                condition=Q(lon__gte=-180, lon__lte=180, lat__gte=-90, lat__lte=90),
                name="case_coordinates_in_range",
            ),
        ]
        indexes = [
            # The deadline sweep: running, not yet flagged, ordered by deadline.
            models.Index(
                fields=["due_at"],
                name="case_sweep_idx",
                # The sweep's rule (cases.workflow.SWEPT): running, able to climb or be flagged.
                condition=SWEPT,
            ),
            models.Index(fields=["status", "area_code"], name="case_queue_idx"),
            # The desk (open cases by area prefix): `area_code LIKE 'prefix%'` under any
            # collation, and the desk's order for the wide areas' desks, open cases only.
            models.Index(
                fields=["area_code"],
                name="case_open_area_idx",
                opclasses=["varchar_pattern_ops"],
                condition=Q(status__in=sorted(OPEN)),
            ),
            models.Index(
                fields=["-overdue", "due_at", "-id"],
                name="case_open_desk_idx",
                condition=Q(status__in=sorted(OPEN)),
            ),
            # The case list, newest first, and any range of report times: the columns after
            # the order are the visibility filter's (area, reporter, handler) and the trends'
            # groups (category, channel, level), so an OFFSET walk and the trends' counts
            # read the index alone on PostgreSQL (elsewhere INCLUDE is left out).
            models.Index(
                fields=["-reported_at", "-id"],
                name="case_list_idx",
                include=["area_code", "reporter", "handler", "category", "channel", "level"],
            ),
            models.Index(fields=["category", "reported_at"], name="case_category_idx"),
            models.Index(fields=["handler", "status"], name="case_handler_idx"),
            # Foreign keys that a new report leaves empty are indexed where they are set, so
            # the intake (every report a new row) maintains none of them: a lookup by a
            # value (owner=…) implies NOT NULL and uses these.
            models.Index(fields=["owner"], name="case_owner_idx", condition=Q(owner__isnull=False)),
            models.Index(
                fields=["building"], name="case_building_idx", condition=Q(building__isnull=False)
            ),
            models.Index(
                fields=["merged_into"],
                name="case_merged_idx",
                condition=Q(merged_into__isnull=False),
            ),
            models.Index(fields=["visit"], name="case_visit_idx", condition=Q(visit__isnull=False)),
            models.Index(
                fields=["patrol"], name="case_patrol_idx", condition=Q(patrol__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.category.name if self.category_id else ''}".strip()

    @property
    def number(self) -> str:
        """The day it was reported in Asia/Shanghai and its id: "20261206-42"."""
        if not (self.pk and self.reported_at):
            return ""
        return f"{self.reported_at.astimezone(SHANGHAI):%Y%m%d}-{self.pk}"

    def is_numbered(self, value: str) -> bool:
        """Is `value` this case's number? Numbers given out before they followed the local
        day carried the UTC day (a case reported before 08:00 local time, a day earlier):
        an Open311 client or a note may still hold one."""
        legacy = f"{self.reported_at:%Y%m%d}-{self.pk}" if self.pk and self.reported_at else ""
        return bool(value) and value in (self.number, legacy)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def reporter_label(self) -> str:
        if self.anonymous:
            return str(_("Anonymous"))
        if self.reporter_id and self.reporter:
            return self.reporter.name
        return self.caller_name


class PhotoStage(models.TextChoices):
    REPORT = "report", _("When reported")
    BEFORE = "before", _("Before handling")
    AFTER = "after", _("After handling")


class CasePhoto(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("stage"), max_length=10, choices=PhotoStage.choices)
    image = models.FileField(_("image"), upload_to=RandomName("cases"))
    content_type = models.CharField(max_length=30)
    size = models.PositiveIntegerField(default=0)
    # The photo's EXIF location (kept; all other EXIF is stripped).
    gps_lat = models.FloatField(null=True, blank=True)
    gps_lon = models.FloatField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case photo")
        verbose_name_plural = _("case photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class CaseTransition(models.Model):
    """Append-only history: who did what to the case, from which status to which, and why."""

    # Looked up through (case, at); no index of its own.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="transitions", db_index=False
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    from_level = models.IntegerField(null=True, blank=True)
    to_level = models.IntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"))
    note = models.TextField(_("reason"), blank=True, max_length=2000)

    # Set by cases.selectors.timeline: the actor's name as shown (None for the system).
    who: str | None = None

    class Meta:
        verbose_name = _("case transition")
        verbose_name_plural = _("case history")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.from_status}→{self.to_status}"

    @property
    def label(self) -> str:
        from cases.workflow import ACTION_LABELS

        return str(ACTION_LABELS.get(self.action, self.action))


class Supporter(models.Model):
    """ "Me too": a resident who has the same problem, or a reporter of a merged case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supporters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    from_merge = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_support_per_user")
        ]


class Rating(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(pgettext_lazy("case", "comment"), blank=True, max_length=500)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = pgettext_lazy("case", "rating")
        verbose_name_plural = _("ratings")
        ordering = ["at", "id"]


class RequestKind(models.TextChoices):
    EXTENSION = "extension", _("Extension (延期)")
    SUSPENSION = "suspension", _("Suspension (挂账)")


class CaseRequest(models.Model):
    """A request for an extension or a suspension, decided by the level above the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    reason = models.TextField(_("reason"), max_length=1000)
    days = models.PositiveSmallIntegerField(_("working days"), default=0)
    approver_level = models.IntegerField(_("decided at level"), choices=Level.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(pgettext_lazy("case request", "requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="one_pending_request_per_case",
            )
        ]
