"""The case figures' roll-ups: what `cases.indicators.compute` counts, summed per area code and
Asia/Shanghai day, kept current by database triggers (`cases.rollup`) on cases, their history
and their ratings, so every write path (actions, bulk updates, imports, migrations, raw SQL)
keeps them true. `manage.py rebuild_case_rollups` recounts them from scratch."""

from __future__ import annotations

from django.db import models


class CaseDayFigure(models.Model):
    """Per case area code and local day: cases reported, accepted, due (of those, closed by
    their deadline, at each level) that day; handlings and reworks; ratings and their sum."""

    area_code = models.CharField(max_length=32)
    day = models.DateField()
    reported = models.IntegerField(db_default=0)
    accepted = models.IntegerField(db_default=0)
    due = models.IntegerField(db_default=0)
    # Due this day and closed by the deadline (so also closed in any period holding the day).
    on_time = models.IntegerField(db_default=0)
    level_0 = models.IntegerField(db_default=0)
    level_1 = models.IntegerField(db_default=0)
    level_2 = models.IntegerField(db_default=0)
    level_3 = models.IntegerField(db_default=0)
    # Due this day (the deadline's) and closed after it, at each level: with the late table's
    # crossings subtracted, the late closings a period counts.
    late = models.IntegerField(db_default=0)
    late_level_0 = models.IntegerField(db_default=0)
    late_level_1 = models.IntegerField(db_default=0)
    late_level_2 = models.IntegerField(db_default=0)
    late_level_3 = models.IntegerField(db_default=0)
    handled = models.IntegerField(db_default=0)
    rework = models.IntegerField(db_default=0)
    ratings = models.IntegerField(db_default=0)
    rating_sum = models.IntegerField(db_default=0)
    # The cases open at a moment (the trends' "open at the end"): reported this day, neither
    # rejected nor merged; and of those, closed this day (the day of the later of closing and
    # report). Open at a local midnight = still open now − the days since of (opened − closed).
    opened = models.IntegerField(db_default=0)
    closed_on = models.IntegerField(db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area_code", "day"], name="case_day_figure_key")
        ]
        indexes = [
            # `area_code LIKE 'prefix%'` under any collation (PostgreSQL; ignored elsewhere).
            models.Index(
                fields=["area_code", "day"],
                name="case_day_figure_prefix",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            # A short period over a wide area: the period's days only.
            models.Index(fields=["day"], name="case_day_figure_day"),
        ]


class CaseOpenFigure(models.Model):
    """Per case area code, the cases open now: `open`, in an open status (the desk's and the
    dashboard's "open cases"); `unclosed`, not closed and neither rejected nor merged (the
    trends' base for the cases open at a past midnight). Home pages and the dashboard read
    these instead of counting a district's open cases."""

    area_code = models.CharField(max_length=32, unique=True)
    open = models.IntegerField(db_default=0)
    unclosed = models.IntegerField(db_default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["area_code"],
                name="case_open_figure_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
        ]


class CaseLateFigure(models.Model):
    """Cases closed after their deadline, per area code, deadline day and closing day: such a
    case is due on its deadline's day and counts as closed in a period that holds that day
    only if it closed before the period's end. A period subtracts the ones that closed on or
    after its end (its crossings) from the day table's `late`."""

    area_code = models.CharField(max_length=32)
    due_day = models.DateField()
    closed_day = models.DateField()
    closed = models.IntegerField(db_default=0)
    level_0 = models.IntegerField(db_default=0)
    level_1 = models.IntegerField(db_default=0)
    level_2 = models.IntegerField(db_default=0)
    level_3 = models.IntegerField(db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "due_day", "closed_day"], name="case_late_figure_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["area_code", "due_day"],
                name="case_late_figure_prefix",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["due_day", "closed_day"], name="case_late_figure_day"),
            # The crossings of a period's end: closed on or after it (none for a period to today).
            models.Index(fields=["closed_day", "due_day"], name="case_late_figure_crossing"),
        ]
