"""The register-independent part of an import: header mapping, row checks, bulk writes.

Validation reads the whole file and looks referenced codes up in bulk before anything is
written; a file with any bad row writes nothing. Writing then creates, updates or leaves
each row by its code in one transaction, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.roles import Capability
from areas.registers import permissions
from areas.registers.cells import CellError, Column, Keep, normalise_header
from areas.registers.reader import FileError, Sheet
from core.i18n import Deferred, render
from core.middleware import current_ip
from core.models import AuditEntry
from core.signals import rows_written

if TYPE_CHECKING:
    from accounts.models import User

MAX_STORED_ERRORS = 1000
LOOKUP_CHUNK = 2000
WRITE_BATCH = 1000
Progress = Callable[[int], None]


@dataclass
class Row:
    number: int
    code: str
    cells: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)


class Errors:
    """Row errors in file order; all are counted, the first MAX_STORED_ERRORS are kept.

    Each is kept as {"row", "column", "message": msgid, "params"} (core.i18n.Deferred) and
    rendered in the reader's language by `rendered`."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.rows: set[int] = set()

    def add(self, row: int, column: str, message: Any, /, **params: Any) -> None:
        """`message` is a lazy translation with named `params`, or a Deferred."""
        self.rows.add(row)
        if len(self.items) < MAX_STORED_ERRORS:
            self.items.append({"row": row, "column": column, **Deferred(message, **params).data()})

    def __bool__(self) -> bool:
        return bool(self.rows)

    def sorted(self) -> list[dict[str, Any]]:
        return sorted(self.items, key=lambda e: (e["row"], e["column"]))


def rendered(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored row errors as {"row", "column", "message"} in the active language; errors stored
    as text (before messages were kept as msgids) show as they were written."""
    return [{"row": e["row"], "column": e["column"], "message": render(e)} for e in errors]


class Ctx:
    """Who imports, and a memo of the areas they may edit (None: the system, may edit all)
    with the register's edit capability."""

    def __init__(self, actor: User | None, capability: str = Capability.EDIT_REGISTERS) -> None:
        self.actor = actor
        self.capability = capability
        self._can: dict[str, bool] = {}

    def can_edit(self, area_code: str) -> bool:
        if self.actor is None:
            return True
        if area_code not in self._can:
            self._can[area_code] = permissions.may_write(self.actor, self.capability, area_code)
        return self._can[area_code]


def chunks(items: list[Any], size: int = LOOKUP_CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def by_code(model: type[models.Model], codes: set[str], *fields: str) -> dict[str, Any]:
    """Referenced rows by code, looked up in chunks: {code: values dict}."""
    out: dict[str, Any] = {}
    wanted = sorted(c for c in codes if c)
    for part in chunks(wanted):
        for row in model._default_manager.filter(code__in=part).values("code", *fields):
            out[row["code"]] = row
    return out


class Spec:
    """One register: its columns and how its rows resolve, scope and export."""

    key: str
    label: Any  # lazy name shown on pages, sheets and jobs
    model: type[models.Model]
    columns: tuple[Column, ...]
    # model attname -> the column whose presence in the file lets the import set it
    sources: dict[str, str]
    masked: tuple[str, ...] = ()
    # Who may export (view) and import (edit) this register, on which areas.
    view_capability: str = Capability.VIEW_REGISTERS
    edit_capability: str = Capability.EDIT_REGISTERS
    # Paths from a stored row to the area codes it belongs to, most specific first: a row
    # that exists already may only be changed by someone who may edit its area.
    owner_paths: tuple[str, ...] = ()
    # The column holding a GeoJSON geometry: the register also exports as a GeoJSON
    # FeatureCollection, and a FeatureCollection's geometries import into this column.
    geometry_column: str | None = None

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        raise NotImplementedError

    def groups(self, rows: list[Row]) -> list[list[Row]]:
        return [rows]

    def before_group(self, rows: list[Row]) -> None:
        return None

    def after_group(self, rows: list[Row], actor: User | None) -> set[str]:
        """Write what hangs off the group's rows (written already); the codes it changed."""
        return set()

    def scope(self, user: Any) -> Q:
        raise NotImplementedError

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        raise NotImplementedError

    def export_row(self, row: dict[str, Any]) -> list[Any]:
        raise NotImplementedError

    def export_rows(self, user: Any) -> Iterator[list[Any]]:
        for row in self.export_queryset(user).iterator(chunk_size=LOOKUP_CHUNK):
            yield self.export_row(row)


def map_header(spec: Spec, header: list[str]) -> dict[int, str]:
    """Column index -> column key; Chinese headers and English keys are both recognised."""
    names = {name: c.key for c in spec.columns for name in c.names()}
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for index, title in enumerate(header):
        if not title:
            continue
        key = names.get(normalise_header(title))
        if key is None:
            unknown.append(title)
        elif key in mapping.values():
            raise FileError(
                Deferred(gettext_lazy("The column “%(name)s” appears twice."), name=title)
            )
        else:
            mapping[index] = key
    if unknown:
        raise FileError(
            Deferred(
                gettext_lazy(
                    "Unknown columns: %(names)s. Download the template for the expected columns."
                ),
                names="、".join(unknown),
            )
        )
    missing = [c.zh_header() for c in spec.columns if c.required and c.key not in mapping.values()]
    if missing:
        raise FileError(
            Deferred(gettext_lazy("Missing columns: %(names)s."), names="、".join(missing))
        )
    return mapping


def validate(
    spec: Spec,
    sheet: Sheet,
    ctx: Ctx,
    progress: Progress | None = None,
    every: int = 2000,
) -> tuple[list[Row], Errors, set[str]]:
    """Parse and check every row; returns the rows, their errors and the columns present."""
    mapping = map_header(spec, sheet.header)
    present = set(mapping.values())
    columns = [(index, spec.column(key)) for index, key in mapping.items()]
    errors = Errors()
    rows: list[Row] = []
    first_seen: dict[str, int] = {}
    count = 0
    for number, values in sheet.rows:
        count += 1
        cells: dict[str, Any] = {}
        for index, column in columns:
            raw = values[index] if index < len(values) else None
            try:
                value = column.parse(raw)
            except CellError as exc:
                errors.add(number, column.key, exc.message)
                continue
            if column.required and value in ("", None):
                errors.add(number, column.key, gettext_lazy("This field is required."))
                continue
            cells[column.key] = value
        row_code = cells.get("code", "")
        if row_code:
            if row_code in first_seen:
                errors.add(
                    number,
                    "code",
                    gettext_lazy("The code %(code)s is also on row %(row)d."),
                    code=row_code,
                    row=first_seen[row_code],
                )
            else:
                first_seen[row_code] = number
        rows.append(Row(number, row_code, cells))
        if progress and count % every == 0:
            progress(count)
    if not rows:
        raise FileError(gettext_lazy("The file has a header but no rows."))
    check_owners(spec, [r for r in rows if r.number not in errors.rows], ctx, errors)
    spec.resolve([r for r in rows if r.number not in errors.rows], ctx, errors)
    check_masked(spec, rows, errors)
    if progress:
        progress(count)
    return rows, errors, present


def check_owners(spec: Spec, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
    """A code stored already belongs to an area: only who may edit that area changes it
    (otherwise a file could pull another community's row into one's own)."""
    if ctx.actor is None or not spec.owner_paths:
        return
    stored = by_code(spec.model, {r.code for r in rows}, *spec.owner_paths)
    for row in rows:
        found = stored.get(row.code)
        if found is None:
            continue
        owner = next((found[p] for p in spec.owner_paths if found[p]), "")
        if not ctx.can_edit(owner):
            errors.add(
                row.number,
                "code",
                gettext_lazy("The code %(code)s belongs to %(area)s, outside your area."),
                code=row.code,
                area=owner or "—",
            )


def check_masked(spec: Spec, rows: list[Row], errors: Errors) -> None:
    """A masked number (from an export) is accepted only where it matches the stored one."""
    from core.masking import mask_id_number, mask_phone

    maskers = {"phone": mask_phone, "id_number": mask_id_number}
    pending = [r for r in rows if any(isinstance(r.values.get(f), Keep) for f in spec.masked)]
    if not pending:
        return
    stored = by_code(spec.model, {r.code for r in pending}, *spec.masked)
    for row in pending:
        for name in spec.masked:
            value = row.values.get(name)
            if not isinstance(value, Keep):
                continue
            old = stored.get(row.code)
            if old is None:
                errors.add(
                    row.number, name, gettext_lazy("A masked number can only keep a stored one.")
                )
            elif maskers[name](old[name]) != value.masked:
                errors.add(
                    row.number,
                    name,
                    gettext_lazy("The masked number does not match the stored one."),
                )


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def write(spec: Spec, rows: list[Row], present: set[str], actor: User | None) -> Counts:
    """Create, update or leave each row by code; call inside a transaction."""
    counts = Counts()
    settable = {name for name, source in spec.sources.items() if source in present}
    label = spec.model._meta.label_lower
    attnames = [f.attname for f in spec.model._meta.concrete_fields]
    ip = current_ip()
    for group in spec.groups(rows):
        spec.before_group(group)
        # Stored rows as plain dicts (cheap); model instances only for the rows that change.
        existing: dict[str, dict[str, Any]] = {}
        for part in chunks([r.code for r in group]):
            query = spec.model._default_manager.select_for_update().filter(code__in=part)
            for found in query.values(*attnames):
                existing[found["code"]] = found
        new: list[models.Model] = []
        changed: list[models.Model] = []
        changed_fields: set[str] = set()
        audit: list[AuditEntry] = []
        unchanged: set[str] = set()
        for row in group:
            values = {
                k: v for k, v in row.values.items() if k in settable and not isinstance(v, Keep)
            }
            stored = existing.get(row.code)
            if stored is None:
                new.append(spec.model(code=row.code, **values))
                continue
            diff = {}
            for name, value in values.items():
                if stored[name] != value:
                    diff[name] = [_plain(stored[name]), _plain(value)]
            if not diff:
                unchanged.add(row.code)
                continue
            obj = spec.model(**{**stored, **values})
            changed.append(obj)
            changed_fields.update(diff)
            audit.append(
                AuditEntry(
                    actor=actor,
                    action=f"registers.update_{spec.model._meta.model_name}",
                    object_type=label,
                    object_id=str(obj.pk),
                    object_repr=str(obj)[:200],
                    changes=diff,
                    ip=ip,
                )
            )
        # Fields a model derives from others (a resident's search key): bulk writes skip
        # save(), so they are computed here.
        derive = getattr(spec.model, "derive", None)
        if derive is not None:
            for obj in (*new, *changed):
                obj.derive()  # type: ignore[attr-defined]
            if changed_fields & spec.model.DERIVED_FROM:  # type: ignore[attr-defined]
                changed_fields.update(spec.model.DERIVED)  # type: ignore[attr-defined]
        spec.model._default_manager.bulk_create(new, batch_size=WRITE_BATCH)
        if changed:
            spec.model._default_manager.bulk_update(
                changed, sorted(changed_fields), batch_size=WRITE_BATCH // 2
            )
            AuditEntry.objects.bulk_create(audit, batch_size=WRITE_BATCH)
        if new or changed:
            rows_written.send(sender=spec.model)
        also = unchanged & spec.after_group(group, actor)
        counts.created += len(new)
        counts.updated += len(changed) + len(also)
        counts.unchanged += len(unchanged) - len(also)
    return counts


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)
