"""Every write of the registers sub-app: starting and running imports, recording exports."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from areas.registers import engine, exporter, permissions, specs
from areas.registers.models import ImportJob
from areas.registers.reader import GEOJSON, XLSX, FileError, Sheet, open_sheet, sniff
from areas.registers.workflow import FINISHED, JOBS, JobStatus
from core import liveness, workflow
from core.audit import record
from core.i18n import Deferred
from core.refusal import Conflict, Forbidden, NotFound
from core.scheduling import task_path

log = logging.getLogger("linli.registers")


def background_threshold() -> int:
    """Files with more rows than this import as a background task."""
    return int(getattr(settings, "LINLI_IMPORT_BACKGROUND_ROWS", 2000))


def may_import(user: Any, register: str | None = None) -> bool:
    """May `user` import `register` (or any register) somewhere?"""
    wanted = [specs.get(register)] if register else specs.SPECS.values()
    return any(permissions.reaches(user, spec.edit_capability) for spec in wanted)


def may_export(user: Any, register: str | None = None) -> bool:
    """May `user` export `register` (or any register) somewhere?"""
    wanted = [specs.get(register)] if register else specs.SPECS.values()
    return any(permissions.reaches(user, spec.view_capability) for spec in wanted)


def do_import_register(
    register: str,
    *,
    filename: str,
    content: bytes,
    actor: Any,
    background: bool | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportJob:
    """Check the file as a whole, record an ImportJob and run it, in the background if large.

    Only users with edit_registers may import; each row is later checked against the areas
    they may edit. A file of the wrong type, empty or missing columns raises FileError and
    stores nothing. `actor=None` is the system (management command without --actor).
    """
    if register not in specs.SPECS:
        raise FileError(Deferred(gettext_lazy("Unknown register %(name)s."), name=register))
    if actor is not None and not may_import(actor, register):
        raise Forbidden(gettext_lazy("You may not import registers."))
    kind = sniff(content, filename)
    sheet = open_sheet(content, kind)
    try:
        engine.map_header(specs.get(register), sheet.header)
        first = next(sheet.rows, None)
        if first is None:
            raise FileError(gettext_lazy("The file has a header but no rows."))
    except BaseException:
        sheet.close()
        raise
    sheet.rows = itertools.chain([first], sheet.rows)
    if background is None:
        background = sheet.estimated_rows > background_threshold()
    if background:
        sheet.close()  # the worker reads the stored file again
    from areas.registers.tasks import run_import_job, schedule_recovery

    transaction.on_commit(schedule_recovery)
    fields = {
        "register": register,
        "actor": actor,
        "filename": filename[:200],
        "total": sheet.estimated_rows,
        "background": background,
    }
    if background:
        # The worker reads the stored file; it is emptied when the job finishes.
        job = ImportJob.objects.create(content=content, **fields)
        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
        return job
    # An inline run is handed the parsed sheet and never stores the file.
    with liveness.alive() as runner:
        job = ImportJob.objects.create(content=b"", runner=runner, **fields)
        return do_run_import(job.pk, progress=progress, sheet=sheet, runner=runner)


# The table's action that leads to each state a running job takes (`workflow.JOBS`).
_ACTION: dict[str, str] = {
    JobStatus.WRITING: "write",
    JobStatus.DONE: "finish",
    JobStatus.REJECTED: "reject",
    JobStatus.FAILED: "fail",
}


def _move(job: ImportJob, status: str, *, locked: bool = True, **fields: Any) -> None:
    """Move a job to `status` through `core.workflow`, setting `fields`. A `message` (a lazy
    translation or a `Deferred`) is kept as data that renders in the reader's language, and as
    text. The running worker holds the job (it claimed it), so its moves take no lock."""
    if "message" in fields:
        message = Deferred(fields["message"])
        fields["message"] = str(message)[:300]
        fields["message_data"] = message.data()
    if status in FINISHED:
        # The report stays; the file (full phone and ID numbers) goes once it has been read.
        fields["finished"] = timezone.now()
        fields["content"] = b""
    workflow.move(job, _ACTION[status], job.actor, changes=fields, locked=locked, table=JOBS)


def do_run_import(
    job_id: int,
    *,
    progress: Callable[[int], None] | None = None,
    sheet: Sheet | None = None,
    runner: int | None = None,
) -> ImportJob:
    """Validate every row, then write all of them in one transaction, or nothing.

    The job is claimed with a conditional UPDATE, so two workers never run the same job.
    The claiming process holds its `core.liveness` lock (`runner`, taken here unless the
    caller holds one) from before the claim until the job has finished, so a job unfinished
    with its lock free was left by a process that died (`do_recover_imports`). Progress (rows
    checked) is saved as validation goes, outside the writing transaction, so the page can
    show it. One audit entry records the import; each updated row gets its own entry with
    old and new values.
    """
    if runner is None:
        with liveness.alive() as runner:
            return do_run_import(job_id, progress=progress, sheet=sheet, runner=runner)
    try:
        return _run(job_id, runner, progress, sheet)
    finally:
        if sheet is not None:
            sheet.close()


def _run(
    job_id: int, runner: int, progress: Callable[[int], None] | None, sheet: Sheet | None
) -> ImportJob:
    claimed = ImportJob.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
        status=JobStatus.VALIDATING, runner=runner
    )
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if not claimed:
        return job
    spec = specs.get(job.register)

    def report(count: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed=count)
        if progress:
            progress(count)

    try:
        if sheet is None:  # a worker reads the stored file; an inline run passes it parsed
            content = bytes(job.content)
            sheet = open_sheet(content, sniff(content, job.filename))
        try:
            rows, errors, present = engine.validate(
                spec, sheet, engine.Ctx(job.actor, spec.edit_capability), report
            )
        finally:
            sheet.close()
    except FileError as exc:
        _move(job, JobStatus.REJECTED, message=exc.args[0] if exc.args else "")
        return job
    except Exception:
        log.exception("import job %s failed while reading", job.pk)
        _move(job, JobStatus.FAILED, message=gettext_lazy("The file could not be read."))
        return job
    job.total = job.processed = len(rows)
    if errors:
        _move(
            job,
            JobStatus.REJECTED,
            total=job.total,
            processed=job.processed,
            errors=errors.sorted(),
            error_count=len(errors.rows),
            message=Deferred(
                gettext_lazy("%(n)d rows have errors; nothing was imported."), n=len(errors.rows)
            ),
        )
        return job
    _move(job, JobStatus.WRITING, total=job.total, processed=job.processed)
    for attempt in (1, 2):
        try:
            _write(job, spec, rows, present)
            break
        except IntegrityError:
            # Another import created some of these codes meanwhile: compare again with them.
            job.refresh_from_db()
            if attempt == 2:
                log.exception("import job %s collided twice with other writers", job.pk)
                _move(
                    job,
                    JobStatus.FAILED,
                    message=gettext_lazy("Saving failed; nothing was imported."),
                )
        except Exception:
            log.exception("import job %s failed while writing", job.pk)
            job.refresh_from_db()
            _move(
                job, JobStatus.FAILED, message=gettext_lazy("Saving failed; nothing was imported.")
            )
            break
    return job


def do_recover_imports() -> tuple[list[int], list[int]]:
    """Fail every unfinished job whose runner died, and queue again every waiting background
    job whose task is gone; returns the ids (failed, queued again).

    A runner holds its `core.liveness` lock from before it claims a job until the job has
    finished (`do_run_import`), so an unfinished job whose lock is free was left by a process
    that died (kill -9, a lost machine, an abort). Its writing transaction died with it, so
    nothing of the import was written: the job fails, and its file is deleted. A waiting job
    is only ever queued again: the claim is conditional, so an extra task for it does nothing.
    """
    failed: list[int] = []
    unfinished = ImportJob.objects.exclude(status__in=FINISHED).filter(runner__isnull=False)
    for pk, runner in unfinished.values_list("pk", "runner"):
        if runner is None or liveness.lives(runner):
            continue
        job = ImportJob.objects.select_related("actor").defer("content").get(pk=pk)
        try:
            with transaction.atomic():
                _move(job, JobStatus.FAILED, locked=False, message=_DIED)
        except Conflict:  # another recovery failed it first
            continue
        log.warning("import job %s failed: the process running it died", pk)
        failed.append(pk)
    return failed, _queue_again()


_DIED = gettext_lazy(
    "The import stopped: the process running it ended before it finished. Nothing was"
    " imported; import the file again."
)


def _queue_again() -> list[int]:
    """Waiting background jobs with no task in the queue (the web server died between storing
    the job and queueing it), queued again. Only the database backend keeps a queue."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from areas.registers.tasks import run_import_job

    if not isinstance(run_import_job.get_backend(), DatabaseBackend):
        return []
    waiting = ImportJob.objects.filter(
        status=JobStatus.PENDING, background=True, runner__isnull=True
    ).values_list("pk", flat=True)
    if not waiting:
        return []
    tasks = DBTaskResult.objects.filter(task_path=task_path(run_import_job), status="READY")
    queued = {a["args"][0] for a in tasks.values_list("args_kwargs", flat=True) if a["args"]}
    again = [pk for pk in waiting if pk not in queued]
    for pk in again:
        run_import_job.enqueue(pk)
    return again


@transaction.atomic
def _write(job: ImportJob, spec: engine.Spec, rows: list[engine.Row], present: set[str]) -> None:
    counts = engine.write(spec, rows, present, job.actor)
    record(
        job.actor,
        "registers.import",
        job,
        {
            "register": job.register,
            "file": job.filename,
            "rows": job.total,
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        },
    )
    _move(
        job,
        JobStatus.DONE,
        created_count=counts.created,
        updated_count=counts.updated,
        unchanged_count=counts.unchanged,
    )


def do_export_register(
    register: str, kind: str, *, actor: Any
) -> tuple[str, Iterable[Any] | IO[bytes]]:
    """The rows of `register` that `actor` may view, phone and ID numbers masked; audited."""
    if register not in specs.SPECS or kind not in exporter.formats(specs.get(register)):
        raise FileError(gettext_lazy("Unknown register or format."))
    if not may_export(actor, register):
        raise NotFound(gettext_lazy("No such register."))
    spec = specs.get(register)
    record(
        actor,
        "registers.export",
        None,
        {"register": register, "format": kind},
        object_type="registers",
    )
    filename = f"{register}-{timezone.localdate():%Y%m%d}.{kind}"
    if kind == XLSX:
        return filename, exporter.xlsx_file(spec, exporter.rows_of(spec, actor))
    if kind == GEOJSON:
        return filename, exporter.geojson_lines(spec, exporter.rows_of(spec, actor))
    return filename, exporter.csv_lines(spec, exporter.rows_of(spec, actor))
