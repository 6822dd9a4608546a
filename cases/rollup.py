"""The case figures' roll-ups (`CaseDayFigure`, `CaseLateFigure`): database triggers keep them
current, `rebuild()` recounts them from scratch.

Each case adds, on the local day (Asia/Shanghai) of the time in question: 1 reported (its
report), 1 accepted (its acceptance) and, when it is due (accepted, neither rejected nor merged,
with a deadline or a closing), 1 due on its anchor day (the earlier of its closing and its
deadline), and of those 1 on time (closed by the deadline) at its closing level. A case closed
after its deadline goes to the late table under (deadline day, closing day): it counts as
closed in a period holding its deadline day only when it closed before the period's end. Each
handling, rework and rating adds to its own day under its case's area code. For the cases
open at a moment, a case neither rejected nor merged adds 1 opened on its report's day and,
once closed, 1 closed_on on the day of the later of its closing and its report. The open table
holds, per area code, the cases in an open status now and those not closed, neither rejected
nor merged.

Triggers rather than code in the actions: a counted fact changes through the workflow's
actions, bulk `.update()`s (the deadline sweep, bulk actions, merges), imports, data
migrations and raw SQL alike; a trigger sees every one of them in the same transaction. An
update subtracts the row's old contribution and adds the new one, only when a counted column
changed. SQLite's schema editor rebuilds a table to alter it (dropping its triggers), so
`install()` also runs after every `migrate` (cases.signals)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connections, transaction

from cases.workflow import GONE, OPEN, Level, Status

DAY_TABLE = "cases_casedayfigure"
LATE_TABLE = "cases_caselatefigure"
OPEN_TABLE = "cases_caseopenfigure"
LEVELS = [int(level) for level in Level]
HANDLED = ("handle", "resolve_on_spot")
REWORK = "verify_fail"
ZONE = "Asia/Shanghai"  # fixed UTC+8 since 1991: SQLite adds 8 hours
# The columns whose change moves a case's figures (with its area code), per statement of
# `Sql.case_rows` (reported and opened, accepted, due, late, closed on, open now): an update
# touches only the roll-up rows of what changed, so a case's step locks as few of them as it
# can until it commits.
DUE = ("accepted_at", "closed_at", "handle_due", "status", "closed_level")
PARTS = (
    ("reported_at", "status"),
    ("accepted_at",),
    DUE,
    DUE,
    ("reported_at", "closed_at", "status"),
    ("closed_at", "status"),
)
COUNTED = ("reported_at", *DUE)
DAY_COLUMNS = (
    "reported",
    "accepted",
    "due",
    "on_time",
    *(f"level_{k}" for k in LEVELS),
    "late",
    *(f"late_level_{k}" for k in LEVELS),
    "handled",
    "rework",
    "ratings",
    "rating_sum",
    "opened",
    "closed_on",
)
LATE_COLUMNS = ("closed", *(f"level_{k}" for k in LEVELS))
OPEN_COLUMNS = ("open", "unclosed")
OPEN_STATUSES = sorted(str(s) for s in OPEN)


def _quoted(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Sql:
    """The statements in one database's dialect."""

    def __init__(self, vendor: str) -> None:
        self.pg = vendor == "postgresql"

    def day(self, expr: str) -> str:
        if self.pg:
            return f"(({expr}) AT TIME ZONE '{ZONE}')::date"
        return f"date({expr}, '+8 hours')"

    def later(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.pg else f"max({a}, {b})"

    def distinct(self, a: str, b: str) -> str:
        return f"{a} IS DISTINCT FROM {b}" if self.pg else f"{a} IS NOT {b}"

    # What a case row `r` counts.
    @staticmethod
    def anchor(r: str) -> str:
        return (
            f"CASE WHEN {r}.closed_at IS NOT NULL AND ({r}.handle_due IS NULL"
            f" OR {r}.closed_at < {r}.handle_due) THEN {r}.closed_at ELSE {r}.handle_due END"
        )

    @staticmethod
    def kept(r: str) -> str:
        """Neither rejected nor merged."""
        return f"{r}.status NOT IN ({_quoted(sorted(str(s) for s in GONE))})"

    def unclosed(self, r: str) -> str:
        return f"{r}.closed_at IS NULL AND {self.kept(r)}"

    @staticmethod
    def in_open(r: str) -> str:
        return f"{r}.status IN ({_quoted(OPEN_STATUSES)})"

    def due(self, r: str) -> str:
        return f"{r}.accepted_at IS NOT NULL AND {self.kept(r)} AND ({self.anchor(r)}) IS NOT NULL"

    @staticmethod
    def late(r: str) -> str:
        return (
            f"{r}.closed_at IS NOT NULL AND {r}.handle_due IS NOT NULL"
            f" AND {r}.closed_at > {r}.handle_due"
        )

    def on_time(self, r: str) -> str:
        return f"{r}.closed_at IS NOT NULL AND NOT ({self.late(r)})"

    @staticmethod
    def upsert(table: str, key: tuple[str, ...], columns: tuple[str, ...], select: str) -> str:
        sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)
        return (
            f"INSERT INTO {table} ({', '.join(key + columns)}) {select}"
            f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets}"
        )

    def case_rows(self, r: str, s: str) -> Iterator[str]:
        """The statements adding `s` (1 or -1) times what case row `r` counts."""
        key = ("area_code", "day")
        yield self.upsert(
            DAY_TABLE,
            key,
            ("reported", "opened"),
            f"SELECT {r}.area_code, {self.day(f'{r}.reported_at')}, {s},"
            f" CASE WHEN {self.kept(r)} THEN {s} ELSE 0 END WHERE {r}.reported_at IS NOT NULL",
        )
        yield self.upsert(
            DAY_TABLE,
            key,
            ("accepted",),
            f"SELECT {r}.area_code, {self.day(f'{r}.accepted_at')}, {s}"
            f" WHERE {r}.accepted_at IS NOT NULL",
        )
        on_time = self.on_time(r)
        levels = ", ".join(
            f"CASE WHEN {on_time} AND {r}.closed_level = {k} THEN {s} ELSE 0 END" for k in LEVELS
        )
        late = self.late(r)
        late_by_level = ", ".join(
            f"CASE WHEN {late} AND {r}.closed_level = {k} THEN {s} ELSE 0 END" for k in LEVELS
        )
        yield self.upsert(
            DAY_TABLE,
            key,
            (
                "due",
                "on_time",
                *(f"level_{k}" for k in LEVELS),
                "late",
                *(f"late_level_{k}" for k in LEVELS),
            ),
            f"SELECT {r}.area_code, {self.day(self.anchor(r))}, {s},"
            f" CASE WHEN {on_time} THEN {s} ELSE 0 END, {levels},"
            f" CASE WHEN {late} THEN {s} ELSE 0 END, {late_by_level} WHERE {self.due(r)}",
        )
        late_levels = ", ".join(
            f"CASE WHEN {r}.closed_level = {k} THEN {s} ELSE 0 END" for k in LEVELS
        )
        yield self.upsert(
            LATE_TABLE,
            ("area_code", "due_day", "closed_day"),
            LATE_COLUMNS,
            f"SELECT {r}.area_code, {self.day(f'{r}.handle_due')},"
            f" {self.day(f'{r}.closed_at')}, {s}, {late_levels}"
            f" WHERE {self.due(r)} AND {self.late(r)}",
        )
        yield self.upsert(
            DAY_TABLE,
            key,
            ("closed_on",),
            f"SELECT {r}.area_code, {self.day(self.later(f'{r}.closed_at', f'{r}.reported_at'))},"
            f" {s} WHERE {r}.closed_at IS NOT NULL AND {r}.reported_at IS NOT NULL"
            f" AND {self.kept(r)}",
        )
        yield self.upsert(
            OPEN_TABLE,
            ("area_code",),
            OPEN_COLUMNS,
            f"SELECT {r}.area_code, CASE WHEN {self.in_open(r)} THEN {s} ELSE 0 END,"
            f" CASE WHEN {self.unclosed(r)} THEN {s} ELSE 0 END"
            f" WHERE {self.in_open(r)} OR ({self.unclosed(r)})",
        )

    def work_rows(self, t: str, s: str) -> str:
        """Adding `s` times the handling or rework of history row `t`."""
        return self.upsert(
            DAY_TABLE,
            ("area_code", "day"),
            ("handled", "rework"),
            f"SELECT c.area_code, {self.day(f'{t}.at')},"
            f" CASE WHEN {t}.action IN ({_quoted(HANDLED)}) THEN {s} ELSE 0 END,"
            f" CASE WHEN {t}.action = '{REWORK}' THEN {s} ELSE 0 END"
            f" FROM cases_case c WHERE c.id = {t}.case_id"
            f" AND {t}.action IN ({_quoted((*HANDLED, REWORK))})",
        )

    def rating_rows(self, r: str, s: str) -> str:
        return self.upsert(
            DAY_TABLE,
            ("area_code", "day"),
            ("ratings", "rating_sum"),
            f"SELECT c.area_code, {self.day(f'{r}.at')}, {s}, {s} * {r}.score"
            f" FROM cases_case c WHERE c.id = {r}.case_id",
        )

    def moved(self, area: str, case_id: str, s: str) -> Iterator[str]:
        """A case's history and ratings, `s` times, under `area` (its area code changed)."""
        at = self.day("t.at")
        yield self.upsert(
            DAY_TABLE,
            ("area_code", "day"),
            ("handled", "rework"),
            f"SELECT {area}, {at},"
            f" SUM(CASE WHEN t.action IN ({_quoted(HANDLED)}) THEN {s} ELSE 0 END),"
            f" SUM(CASE WHEN t.action = '{REWORK}' THEN {s} ELSE 0 END)"
            f" FROM cases_casetransition t WHERE t.case_id = {case_id}"
            f" AND t.action IN ({_quoted((*HANDLED, REWORK))}) GROUP BY {at}",
        )
        at = self.day("t.at")
        yield self.upsert(
            DAY_TABLE,
            ("area_code", "day"),
            ("ratings", "rating_sum"),
            f"SELECT {area}, {at}, SUM({s}), SUM({s} * t.score)"
            f" FROM cases_rating t WHERE t.case_id = {case_id} GROUP BY {at}",
        )

    def changed(self, columns: tuple[str, ...] = COUNTED) -> str:
        ended = _quoted([Status.REJECTED.value, Status.MERGED.value])
        opened = _quoted(OPEN_STATUSES)
        return " OR ".join(
            # Only a move into or out of rejected and merged, or into or out of the open
            # statuses, changes what a status counts.
            self.distinct(f"(OLD.{c} IN ({ended}))", f"(NEW.{c} IN ({ended}))")
            + " OR "
            + self.distinct(f"(OLD.{c} IN ({opened}))", f"(NEW.{c} IN ({opened}))")
            if c == "status"
            else self.distinct(f"OLD.{c}", f"NEW.{c}")
            for c in (*columns, "area_code")
        )

    # The triggers.
    def drop(self) -> list[str]:
        if self.pg:
            return [
                "DROP TRIGGER IF EXISTS cases_rollup_case_write ON cases_case",
                "DROP TRIGGER IF EXISTS cases_rollup_case_update ON cases_case",
                "DROP TRIGGER IF EXISTS cases_rollup_transition ON cases_casetransition",
                "DROP TRIGGER IF EXISTS cases_rollup_rating ON cases_rating",
                "DROP FUNCTION IF EXISTS cases_rollup_case()",
                "DROP FUNCTION IF EXISTS cases_rollup_transition()",
                "DROP FUNCTION IF EXISTS cases_rollup_rating()",
            ]
        names = ["case_insert", "case_delete", "case_update", "case_move"]
        names += [f"case_update_{i}" for i in range(len(PARTS))]
        names += [f"{t}_{op}" for t in ("transition", "rating") for op in ("insert", "delete")]
        names += ["transition_update", "rating_update"]
        return [f"DROP TRIGGER IF EXISTS cases_rollup_{n}" for n in names]

    def create(self) -> list[str]:
        return self._create_pg() if self.pg else self._create_sqlite()

    def _create_pg(self) -> list[str]:
        def body(*parts: str) -> str:
            return "\n".join(parts)

        def block(statements: Iterator[str] | list[str]) -> str:
            return "\n".join(f"{s};" for s in statements)

        case_fn = body(
            "CREATE OR REPLACE FUNCTION cases_rollup_case() RETURNS trigger",
            "LANGUAGE plpgsql AS $fn$ BEGIN",
            "IF TG_OP = 'DELETE' THEN",
            block(self.case_rows("OLD", "-1")),
            "END IF;",
            "IF TG_OP = 'INSERT' THEN",
            block(self.case_rows("NEW", "1")),
            "END IF;",
            *(
                f"IF TG_OP = 'UPDATE' AND ({self.changed(columns)}) THEN {old}; {new}; END IF;"
                for columns, old, new in zip(
                    PARTS, self.case_rows("OLD", "-1"), self.case_rows("NEW", "1"), strict=True
                )
            ),
            "IF TG_OP = 'UPDATE' AND OLD.area_code IS DISTINCT FROM NEW.area_code THEN",
            block(self.moved("OLD.area_code", "OLD.id", "-1")),
            block(self.moved("NEW.area_code", "NEW.id", "1")),
            "END IF;",
            "RETURN NULL; END $fn$",
        )

        def child_fn(name: str, rows: str, old: str) -> str:
            return body(
                f"CREATE OR REPLACE FUNCTION cases_rollup_{name}() RETURNS trigger",
                "LANGUAGE plpgsql AS $fn$ BEGIN",
                "IF TG_OP IN ('UPDATE', 'DELETE') THEN",
                f"{old};",
                "END IF;",
                "IF TG_OP IN ('UPDATE', 'INSERT') THEN",
                f"{rows};",
                "END IF;",
                "RETURN NULL; END $fn$",
            )

        changed = self.changed()
        return [
            case_fn,
            child_fn("transition", self.work_rows("NEW", "1"), self.work_rows("OLD", "-1")),
            child_fn("rating", self.rating_rows("NEW", "1"), self.rating_rows("OLD", "-1")),
            "CREATE TRIGGER cases_rollup_case_write AFTER INSERT OR DELETE ON cases_case"
            " FOR EACH ROW EXECUTE FUNCTION cases_rollup_case()",
            f"CREATE TRIGGER cases_rollup_case_update AFTER UPDATE ON cases_case"
            f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION cases_rollup_case()",
            "CREATE TRIGGER cases_rollup_transition AFTER INSERT OR DELETE OR UPDATE"
            " ON cases_casetransition FOR EACH ROW EXECUTE FUNCTION cases_rollup_transition()",
            "CREATE TRIGGER cases_rollup_rating AFTER INSERT OR DELETE OR UPDATE"
            " ON cases_rating FOR EACH ROW EXECUTE FUNCTION cases_rollup_rating()",
        ]

    def _create_sqlite(self) -> list[str]:
        def trigger(
            name: str, event: str, table: str, statements: list[str], when: str = ""
        ) -> str:
            cond = f" WHEN {when}" if when else ""
            inner = "\n".join(f"{s};" for s in statements)
            return (
                f"CREATE TRIGGER cases_rollup_{name} AFTER {event} ON {table}"
                f" FOR EACH ROW{cond} BEGIN\n{inner}\nEND"
            )

        old, new = list(self.case_rows("OLD", "-1")), list(self.case_rows("NEW", "1"))
        move = [*self.moved("OLD.area_code", "OLD.id", "-1")]
        move += self.moved("NEW.area_code", "NEW.id", "1")
        t = "cases_casetransition"
        return [
            trigger("case_insert", "INSERT", "cases_case", new),
            trigger("case_delete", "DELETE", "cases_case", old),
            *(
                trigger(f"case_update_{i}", "UPDATE", "cases_case", [o, n], self.changed(columns))
                for i, (columns, o, n) in enumerate(zip(PARTS, old, new, strict=True))
            ),
            trigger(
                "case_move", "UPDATE", "cases_case", move, "OLD.area_code IS NOT NEW.area_code"
            ),
            trigger("transition_insert", "INSERT", t, [self.work_rows("NEW", "1")]),
            trigger("transition_delete", "DELETE", t, [self.work_rows("OLD", "-1")]),
            trigger(
                "transition_update",
                "UPDATE",
                t,
                [self.work_rows("OLD", "-1"), self.work_rows("NEW", "1")],
            ),
            trigger("rating_insert", "INSERT", "cases_rating", [self.rating_rows("NEW", "1")]),
            trigger("rating_delete", "DELETE", "cases_rating", [self.rating_rows("OLD", "-1")]),
            trigger(
                "rating_update",
                "UPDATE",
                "cases_rating",
                [self.rating_rows("OLD", "-1"), self.rating_rows("NEW", "1")],
            ),
        ]

    # A recount from scratch.
    def rebuild(self) -> list[str]:
        zeros = {c: "0" for c in DAY_COLUMNS}

        def row(area: str, day: str, frm: str, **values: str) -> str:
            cols = ", ".join(f"{values.get(c, zeros[c])} AS {c}" for c in DAY_COLUMNS)
            return f"SELECT {area} AS area_code, {day} AS day, {cols} FROM {frm}"

        r = "r"
        on_time = self.on_time(r)
        levels = {
            f"level_{k}": f"CASE WHEN {on_time} AND r.closed_level = {k} THEN 1 ELSE 0 END"
            for k in LEVELS
        }
        parts = [
            row(
                "r.area_code",
                self.day("r.reported_at"),
                "cases_case r",
                reported="1",
                opened=f"CASE WHEN {self.kept(r)} THEN 1 ELSE 0 END",
            )
            + " WHERE r.reported_at IS NOT NULL",
            row(
                "r.area_code",
                self.day(self.later("r.closed_at", "r.reported_at")),
                "cases_case r",
                closed_on="1",
            )
            + f" WHERE r.closed_at IS NOT NULL AND r.reported_at IS NOT NULL AND {self.kept(r)}",
            row("r.area_code", self.day("r.accepted_at"), "cases_case r", accepted="1")
            + " WHERE r.accepted_at IS NOT NULL",
            row(
                "r.area_code",
                self.day(self.anchor(r)),
                "cases_case r",
                due="1",
                on_time=f"CASE WHEN {on_time} THEN 1 ELSE 0 END",
                late=f"CASE WHEN {self.late(r)} THEN 1 ELSE 0 END",
                **levels,
                **{
                    f"late_level_{k}": f"CASE WHEN {self.late(r)} AND r.closed_level = {k}"
                    " THEN 1 ELSE 0 END"
                    for k in LEVELS
                },
            )
            + f" WHERE {self.due(r)}",
            row(
                "c.area_code",
                self.day("t.at"),
                "cases_casetransition t JOIN cases_case c ON c.id = t.case_id",
                handled=f"CASE WHEN t.action IN ({_quoted(HANDLED)}) THEN 1 ELSE 0 END",
                rework=f"CASE WHEN t.action = '{REWORK}' THEN 1 ELSE 0 END",
            )
            + f" WHERE t.action IN ({_quoted((*HANDLED, REWORK))})",
            row(
                "c.area_code",
                self.day("t.at"),
                "cases_rating t JOIN cases_case c ON c.id = t.case_id",
                ratings="1",
                rating_sum="t.score",
            ),
        ]
        sums = ", ".join(f"SUM({c})" for c in DAY_COLUMNS)
        late_levels = ", ".join(
            f"SUM(CASE WHEN r.closed_level = {k} THEN 1 ELSE 0 END)" for k in LEVELS
        )
        return [
            f"DELETE FROM {DAY_TABLE}",
            f"DELETE FROM {LATE_TABLE}",
            f"DELETE FROM {OPEN_TABLE}",
            f"INSERT INTO {OPEN_TABLE} (area_code, {', '.join(OPEN_COLUMNS)})"
            f" SELECT r.area_code, SUM(CASE WHEN {self.in_open('r')} THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {self.unclosed('r')} THEN 1 ELSE 0 END) FROM cases_case r"
            f" WHERE {self.in_open('r')} OR ({self.unclosed('r')}) GROUP BY r.area_code",
            f"INSERT INTO {DAY_TABLE} (area_code, day, {', '.join(DAY_COLUMNS)})"
            f" SELECT area_code, day, {sums} FROM ({' UNION ALL '.join(parts)}) x"
            " GROUP BY area_code, day ORDER BY day",  # rows of a day together
            f"INSERT INTO {LATE_TABLE} (area_code, due_day, closed_day, {', '.join(LATE_COLUMNS)})"
            f" SELECT r.area_code, {self.day('r.handle_due')}, {self.day('r.closed_at')},"
            f" COUNT(*), {late_levels} FROM cases_case r"
            f" WHERE {self.due(r)} AND {self.late(r)} GROUP BY 1, 2, 3 ORDER BY 2",
        ]


def install(using: str = "default") -> None:
    """(Re)create the triggers on `using` (idempotent)."""
    connection = connections[using]
    sql = Sql(connection.vendor)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in [*sql.drop(), *sql.create()]:
            cursor.execute(statement)


def rebuild(using: str = "default") -> None:
    """Recount the roll-ups from the cases, their history and ratings (writes to cases wait)."""
    connection = connections[using]
    sql = Sql(connection.vendor)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if sql.pg:
            cursor.execute(
                "LOCK TABLE cases_case, cases_casetransition, cases_rating IN SHARE MODE"
            )
        for statement in sql.rebuild():
            cursor.execute(statement)
