"""The worker processes of test_worker_death, run with `python -m` against the test's database.

`run`: a `db_worker` whose import stops dead in the middle of writing: once the rows are
written in the import's still open transaction it says so on stdout (with its PostgreSQL
backend's pid, or 0) and waits to be killed.
`restart AT`: a worker started again at the moment AT (ISO; the clock moved there as the
test's clock is): it runs what the queue holds then (the recovery check), and prints the
job and what the database holds as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time

import django


def run() -> None:
    from django.core.management import call_command
    from django.db import connection

    from areas.registers import engine

    write = engine.write

    def write_then_hang(*args: object, **kwargs: object) -> object:
        counts = write(*args, **kwargs)  # type: ignore[arg-type]
        pid = 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
        print("writing", pid, flush=True)
        time.sleep(3600)
        return counts

    engine.write = write_then_hang  # type: ignore[assignment]
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def restart(at: str) -> None:
    import time_machine
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from areas.models import Household
    from areas.registers.models import ImportJob
    from core.models import AuditEntry

    with time_machine.travel(dt.datetime.fromisoformat(at), tick=True):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job = ImportJob.objects.get()
    print(
        json.dumps(
            {
                "status": job.status,
                "message": job.message,
                "file": len(bytes(job.content)),
                "finished": job.finished is not None,
                "households": Household.objects.count(),
                "imports_audited": AuditEntry.objects.filter(action="registers.import").count(),
                "tasks": sorted(
                    f"{r.task_path.rsplit('.', 1)[1]}:{r.status}"
                    for r in DBTaskResult.objects.all()
                ),
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "run":
        run()
    else:
        restart(sys.argv[2])
