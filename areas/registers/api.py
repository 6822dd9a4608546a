"""Register import and export over the API: POST a file, poll its job, GET an export."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from areas.registers import actions, engine, exporter, permissions, specs
from areas.registers.forms import MAX_UPLOAD
from areas.registers.models import ImportJob
from areas.registers.reader import XLSX
from core.schemas import OneOf, errors

router = Router(tags=["registers"])

Format = Literal["xlsx", "csv", "geojson"]
RegisterName = Annotated[str, OneOf(lambda: specs.SPECS)]


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class JobOut(Schema):
    id: int
    register_name: str
    filename: str
    status: str
    background: bool
    total: int
    processed: int
    created: int
    updated: int
    unchanged: int
    error_count: int
    errors: list[RowErrorOut]
    message: str

    @staticmethod
    def resolve_register_name(job: ImportJob) -> str:
        return job.register

    @staticmethod
    def resolve_created(job: ImportJob) -> int:
        return job.created_count

    @staticmethod
    def resolve_updated(job: ImportJob) -> int:
        return job.updated_count

    @staticmethod
    def resolve_unchanged(job: ImportJob) -> int:
        return job.unchanged_count

    @staticmethod
    def resolve_errors(job: ImportJob) -> list[dict[str, Any]]:
        # In the reader's language: stored as msgids and params.
        return engine.rendered(job.errors)

    @staticmethod
    def resolve_message(job: ImportJob) -> str:
        return job.message_text


@router.post(
    "/{register_name}/import",
    response={200: JobOut, 202: JobOut, **errors(400, 403, 404)},
)
def import_register(
    request: HttpRequest, register_name: RegisterName, file: File[UploadedFile]
) -> Status:
    """Import an XLSX, CSV or GeoJSON file into a register (areas, compounds, buildings,
    households, residents, roads, water_bodies, service_points, party_organisations, party_members,
    partner_units, partnership_agreements, new_organisations, joint_members).
    Small files finish in the response (200: done or rejected with row errors); large ones
    run in the background (202: poll the job)."""
    if not actions.may_import(request.user, register_name):
        return Status(403, {"detail": "You may not import registers."})
    if file.size and file.size > MAX_UPLOAD:
        return Status(400, {"detail": "The file is larger than 30 MB."})
    job = actions.do_import_register(
        register_name, filename=file.name or "", content=file.read(), actor=request.user
    )
    return Status(202 if job.background else 200, job)


@router.get("/jobs/{job_id}", response={200: JobOut, **errors(404)})
def job_status(request: HttpRequest, job_id: int) -> Status:
    """An import job's status, progress, counts and row errors (your own jobs only)."""
    jobs = ImportJob.objects.defer("content")
    if not permissions.sees_every_job(request.user):
        jobs = jobs.filter(actor=request.user)  # type: ignore[misc]
    job = jobs.filter(pk=job_id).first()
    if job is None:
        return Status(404, {"detail": "No such import job."})
    return Status(200, job)


@router.get(
    "/{register_name}/export",
    response={200: Any, **errors(400, 404)},
    openapi_extra={
        "responses": {
            200: {
                "description": "The register as a file",
                "content": {c: {} for c in exporter.CONTENT_TYPES.values()},
            }
        }
    },
)
def export_register(
    request: HttpRequest, register_name: RegisterName, format: Format = "xlsx"
) -> HttpResponseBase | Status:
    """The rows you may see, phone and ID numbers masked; registers with a geometry (areas,
    roads, water bodies) also as a GeoJSON FeatureCollection (400 for the others)."""
    filename, body = actions.do_export_register(register_name, format, actor=request.user)
    if format == XLSX:
        return FileResponse(
            body, as_attachment=True, filename=filename, content_type=exporter.CONTENT_TYPES[format]
        )
    response = StreamingHttpResponse(body, content_type=exporter.CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
