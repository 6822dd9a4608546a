from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from areas.registers.models import ImportJob

from .helpers import HOUSEHOLD_HEADER, csv_bytes, household_rows, read_csv

pytestmark = pytest.mark.django_db


def post(client, register, content, name="h.csv"):
    return client.post(
        f"/api/v1/registers/{register}/import", {"file": SimpleUploadedFile(name, content)}
    )


def test_it_imports_through_the_api_and_reports_the_job(world, login):
    client = login(world.users["community_staff"])
    response = post(client, "households", csv_bytes([HOUSEHOLD_HEADER, *household_rows(3)]))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "done" and body["created"] == 3
    status = client.get(f"/api/v1/registers/jobs/{body['id']}").json()
    assert status["processed"] == 3 and status["register_name"] == "households"


def test_it_returns_row_errors_through_the_api(world, login):
    rows = household_rows(2)
    rows[0][1] = "NOPE"
    body = post(
        login(world.users["community_staff"]), "households", csv_bytes([HOUSEHOLD_HEADER, *rows])
    ).json()
    assert body["status"] == "rejected"
    assert body["errors"][0]["row"] == 2 and body["errors"][0]["column"] == "building_code"


def test_it_answers_202_for_a_background_import(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.LINLI_IMPORT_BACKGROUND_ROWS = 2
    client = login(world.users["community_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "households", csv_bytes([HOUSEHOLD_HEADER, *household_rows(4)]))
    assert response.status_code == 202
    status = client.get(f"/api/v1/registers/jobs/{response.json()['id']}").json()
    assert status["status"] == "done" and status["created"] == 4


def test_it_rejects_bad_files_and_outsiders_through_the_api(world, login):
    staff = login(world.users["community_staff"])
    response = post(staff, "households", b"")
    assert response.status_code == 400 and "detail" in response.json()
    assert post(staff, "nope", b"a").status_code == 422  # not one of the registers
    worker = login(world.users["grid_worker"])
    assert (
        post(worker, "households", csv_bytes([HOUSEHOLD_HEADER, *household_rows(1)])).status_code
        == 403
    )
    assert not ImportJob.objects.exists()


def test_it_hides_other_users_jobs(world, login):
    client = login(world.users["community_staff"])
    job_id = post(client, "households", csv_bytes([HOUSEHOLD_HEADER, *household_rows(1)])).json()[
        "id"
    ]
    assert login(world.users["outsider"]).get(f"/api/v1/registers/jobs/{job_id}").status_code == 404


def test_it_exports_through_the_api_scoped_and_masked(world, login):
    response = login(world.users["outsider"]).get("/api/v1/registers/residents/export?format=csv")
    rows = read_csv(b"".join(response.streaming_content))
    assert [r[0] for r in rows[1:]] == ["WC1B1H1P1", "WC1B1H2P1"]
    assert rows[1][5] == "139****6001"
    xlsx = login(world.users["outsider"]).get("/api/v1/registers/households/export")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        login(world.users["resident"]).get("/api/v1/registers/households/export").status_code == 404
    )
