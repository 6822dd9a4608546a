from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from areas.registers import actions, engine, exporter, permissions, specs
from areas.registers.forms import ImportForm
from areas.registers.models import ImportJob
from areas.registers.reader import CSV, XLSX
from core.http import AuthedRequest, show_refusal
from core.refusal import Refusal


def _jobs_for(user: Any, *, errors: bool = False) -> QuerySet[ImportJob]:
    """Import jobs the user may see: their own, or all for an administrator."""
    jobs = ImportJob.objects.defer("content").select_related("actor")
    if not errors:
        jobs = jobs.defer("content", "errors")
    if not permissions.sees_every_job(user):
        jobs = jobs.filter(actor=user)
    return jobs


def _page(request: AuthedRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    if not actions.may_export(request.user):
        raise Http404
    registers = [
        {
            "key": key,
            "label": spec.label,
            "columns": spec.columns,
            "geojson": bool(spec.geometry_column),
        }
        for key, spec in specs.SPECS.items()
        if actions.may_export(request.user, key)
    ]
    context = {
        "registers": registers,
        "form": form,
        "may_import": actions.may_import(request.user),
        "jobs": _jobs_for(request.user)[:10],
        "threshold": actions.background_threshold(),
    }
    return render(request, "registers/index.html", context, status=status)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    return _page(request, ImportForm(user=request.user))


@login_required
@require_POST
def upload(request: AuthedRequest) -> HttpResponse:
    if not actions.may_import(request.user):
        raise Http404
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        job = actions.do_import_register(
            form.cleaned_data["register"],
            filename=upload.name or "",
            content=upload.read(),
            actor=request.user,
        )
    except Refusal as refusal:
        show_refusal(request, refusal, form)
        return _page(request, form, status=400)
    return redirect("registers:job", job.pk)


def _job(request: AuthedRequest, pk: int) -> ImportJob:
    return get_object_or_404(_jobs_for(request.user, errors=True), pk=pk)


def _job_context(job: ImportJob) -> dict[str, object]:
    headers = {c.key: c.header for c in specs.get(job.register).columns}
    errors = [
        {**e, "header": headers.get(e["column"], e["column"])} for e in engine.rendered(job.errors)
    ]
    return {"job": job, "errors": errors}


@login_required
def job(request: AuthedRequest, pk: int) -> HttpResponse:
    return render(request, "registers/job.html", _job_context(_job(request, pk)))


@login_required
def job_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    return render(request, "registers/_progress.html", _job_context(_job(request, pk)))


@login_required
def export(request: AuthedRequest, register: str, kind: str) -> HttpResponseBase:
    if register not in specs.SPECS or kind not in exporter.formats(specs.get(register)):
        raise Http404
    try:
        filename, body = actions.do_export_register(register, kind, actor=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)  # a 404 refusal: the page's 404
        return redirect("registers:index")
    if kind == XLSX:
        return FileResponse(
            body, as_attachment=True, filename=filename, content_type=exporter.CONTENT_TYPES[kind]
        )
    response = StreamingHttpResponse(body, content_type=exporter.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def template(request: AuthedRequest, register: str, kind: str) -> HttpResponse:
    if (
        register not in specs.SPECS
        or kind not in {XLSX, CSV}
        or not (
            actions.may_export(request.user, register) or actions.may_import(request.user, register)
        )
    ):
        raise Http404
    response = HttpResponse(
        exporter.template(specs.get(register), kind), content_type=exporter.CONTENT_TYPES[kind]
    )
    response["Content-Disposition"] = f'attachment; filename="{register}-template.{kind}"'
    return response
