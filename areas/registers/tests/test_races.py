from __future__ import annotations

import threading

import pytest
from django.db import connection

from areas.models import Household
from areas.registers.actions import do_import_register
from areas.registers.models import ImportJob

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_row_per_code_when_two_imports_race(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    content = csv_bytes([HOUSEHOLD_HEADER, *household_rows(300)])
    staff = world.users["community_staff"]
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            do_import_register("households", filename="h.csv", content=content, actor=staff)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert Household.objects.filter(code__startswith="EC1B1H").count() == 302
    jobs = list(ImportJob.objects.order_by("pk"))
    assert [j.status for j in jobs] == ["done", "done"]
    assert sorted(j.created_count for j in jobs) == [0, 300]
    assert sum(j.unchanged_count for j in jobs) == 300
