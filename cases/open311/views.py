"""Open311 GeoReport v2: discovery, services, service definitions, requests and tokens.

Every path ends in `.xml` or `.json`. Reading is public (as the spec has it); creating a
request needs an `api_key`. Errors are the spec's list of {code, description}.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Case, Category
from cases.open311 import actions
from cases.open311.models import Open311Request, ServiceAttribute
from cases.open311.render import errors, iso, respond
from cases.workflow import ENDED, Status
from core.masking import mask_id_number, mask_phone
from core.refusal import Invalid, Refusal
from core.timeutil import SHANGHAI

MAX_RESULTS = 1000
DEFAULT_DAYS = 90
ID_PATTERN = re.compile(r"^(\d{8})-(\d{1,18})$")
_PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\w)")


def _abs(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(f"open311:{name}", kwargs=kwargs))


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    base = base.rsplit("/", 1)[0] + "/"
    body = {
        "changeset": "2026-11-22T00:00:00+08:00",
        "contact": _("Your district's grid governance office"),
        "key_service": _("API keys are issued by the district's administrators."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-11-22T00:00:00+08:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", body)


def _service(category: Category, with_metadata: set[int]) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.label,
        "description": category.department_label or category.label,
        "metadata": category.pk in with_metadata,
        "type": "realtime",
        "keywords": category.get_kind_display(),
        "group": category.parent.label if category.parent else "",
    }


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = list(actions.services())
    with_metadata = set(
        ServiceAttribute.objects.filter(category__in=rows).values_list("category_id", flat=True)
    )
    return respond(fmt, "services", [_service(c, with_metadata) for c in rows])


@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = actions.service(code)
    if category is None:
        return errors(fmt, 404, _("Unknown service_code %(code)s.") % {"code": code[:50]})
    attributes = [
        {
            "variable": a.variable,
            "code": a.code,
            "datatype": a.datatype,
            "required": a.required,
            "datatype_description": a.datatype_description,
            "order": a.order,
            "description": a.description,
            "values": [{"key": v.get("key"), "name": v.get("name")} for v in a.values],
        }
        for a in ServiceAttribute.objects.filter(category=category)
    ]
    return respond(
        fmt, "service_definition", {"service_code": category.code, "attributes": attributes}
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


def _submission(request: HttpRequest) -> actions.Submission:
    data = request.POST
    attributes: dict[str, list[str]] = {}
    pattern = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
    for key in data:
        found = pattern.match(key)
        if found:
            attributes.setdefault(found.group(1), []).extend(data.getlist(key))
    fields = {
        name: data.get(name, "")
        for name in actions.Submission.__dataclass_fields__
        if name != "attributes"
    }
    return actions.Submission(**fields, attributes=attributes)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = actions.authenticate(request.POST.get("api_key", ""))
    if api_key is None:
        return errors(fmt, 403, _("A valid api_key is required to create a request."))
    try:
        created = actions.do_submit_request(api_key, _submission(request))
    except Refusal as exc:
        return errors(fmt, 400, exc.message)
    case = created.case
    due = case.accept_due.astimezone(SHANGHAI) if case.accept_due else None
    notice = (
        _("Thank you. It will be accepted by %(time)s.") % {"time": f"{due:%Y-%m-%d %H:%M}"}
        if due
        else _("Thank you.")
    )
    body = [
        {
            "service_request_id": case.number,
            "token": created.token,
            "service_notice": notice,
            "account_id": created.account_id or None,
        }
    ]
    return respond(fmt, "service_requests", body, status=201)


# Public coordinates are rounded to about 100 m: enough to find the place, not the door.
PUBLIC_DECIMALS = 3


def _public() -> Any:
    return Case.objects.filter(
        category__is_dispute=False, category__sensitive=False
    ).select_related("category", "building", "merged_into", "open311")


def _pk(number: str) -> int | None:
    found = ID_PATTERN.match(number.strip())
    return int(found.group(2)) if found else None


def _when(value: str, end: bool = False) -> dt.datetime | None:
    """An ISO 8601 time (a zone-less one is Asia/Shanghai), or a date (its start, or with
    `end` the start of the next day). Raises ValueError on anything else."""
    value = value.strip().replace(" ", "+") if "T" in value else value.strip()
    moment = parse_datetime(value)
    if moment is not None:
        return moment if timezone.is_aware(moment) else moment.replace(tzinfo=SHANGHAI)
    day = parse_date(value)
    if day is None:
        raise ValueError(value)
    return dt.datetime.combine(day + dt.timedelta(days=1 if end else 0), dt.time(0), SHANGHAI)


def _int(value: str, name: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise Invalid(_("%(name)s must be a whole number.") % {"name": name}) from None
    if not low <= number <= high:
        raise Invalid(
            _("%(name)s must be from %(low)d to %(high)d.")
            % {"name": name, "low": low, "high": high}
        )
    return number


def _filtered(params: Any) -> tuple[Any, int, int]:
    """The cases a `GET requests` asks for, the page and the page size (Refusal if bad)."""
    qs = _public()
    ids = params.get("service_request_id", "").strip()
    page = _int(params.get("page", "1"), "page", 1, 1_000_000)
    size = _int(params.get("page_size", str(MAX_RESULTS)), "page_size", 1, MAX_RESULTS)
    if ids:
        pks = []
        for item in ids.split(","):
            pk = _pk(item)
            if pk is None:
                raise Invalid(_("%(id)s is not a service_request_id.") % {"id": item.strip()[:40]})
            pks.append(pk)
        return qs.filter(pk__in=pks[:MAX_RESULTS]), page, size
    codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
    if codes:
        known = set(actions.services().filter(code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise Invalid(_("Unknown service_code %(code)s.") % {"code": unknown[0][:50]})
        qs = qs.filter(category__code__in=codes)
    try:
        start = _when(params["start_date"]) if params.get("start_date") else None
        end = _when(params["end_date"], end=True) if params.get("end_date") else None
        after = _when(params["updated_after"]) if params.get("updated_after") else None
        before = _when(params["updated_before"], end=True) if params.get("updated_before") else None
    except ValueError as exc:
        raise Invalid(
            _("%(value)s is not an ISO 8601 date or time.") % {"value": str(exc)[:40]}
        ) from None
    if start is None and end is None and after is None and before is None:
        start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
    elif start is None and end is not None:
        start = end - dt.timedelta(days=DEFAULT_DAYS)
    if start is not None:
        qs = qs.filter(reported_at__gte=start)
    if end is not None:
        qs = qs.filter(reported_at__lt=end)
    if after is not None:
        qs = qs.filter(updated_at__gte=after)
    if before is not None:
        qs = qs.filter(updated_at__lt=before)
    statuses = {s.strip().lower() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Invalid(_("status is open or closed."))
    if statuses == {"open"}:
        qs = qs.exclude(status__in=ENDED)
    elif statuses == {"closed"}:
        qs = qs.filter(status__in=ENDED)
    return qs, page, size


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        qs, page, size = _filtered(request.GET)
    except Refusal as exc:
        return errors(fmt, 400, exc.message)
    extensions = request.GET.get("extensions", "").lower() == "true"
    rows = qs.order_by("-reported_at", "-id")[(page - 1) * size : page * size]
    return respond(fmt, "service_requests", [as_request(c, extensions) for c in rows])


@require_GET
def request_detail(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    pk = _pk(number)
    case = _public().filter(pk=pk).first() if pk else None
    if case is None or not case.is_numbered(number):
        return errors(fmt, 404, _("No request %(id)s.") % {"id": number[:40]})
    extensions = request.GET.get("extensions", "").lower() == "true"
    return respond(fmt, "service_requests", [as_request(case, extensions)])


@require_GET
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    found = (
        Open311Request.objects.select_related("case").filter(token=token).first()
        if len(token) <= 40
        else None
    )
    if found is None:
        return errors(fmt, 404, _("No request for token %(t)s.") % {"t": token[:40]})
    return respond(
        fmt,
        "service_requests",
        [{"service_request_id": found.case.number, "token": found.token}],
    )


def scrub(text: str) -> str:
    """Phone and ID numbers typed into a description are masked before it goes out."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)), text)


def as_request(case: Case, extensions: bool = False) -> dict[str, Any]:
    """One case as an Open311 request: no reporter, caller or contact data, ever."""
    closed = case.status in ENDED
    notes = str(Status(case.status).label)
    if case.merged_into_id and case.merged_into:
        notes = f"{notes}: {case.merged_into.number}"
    sent = _sent(case)
    row: dict[str, Any] = {
        "service_request_id": case.number,
        "status": "closed" if closed else "open",
        "status_notes": str(notes),
        "service_name": case.category.label,
        "service_code": case.category.code,
        "description": scrub(case.description),
        "agency_responsible": case.category.department_label or case.get_level_display(),
        "service_notice": "",
        "requested_datetime": iso(case.reported_at),
        "updated_datetime": iso(case.updated_at),
        "expected_datetime": None if closed else iso(case.handle_due or case.accept_due),
        "address": case.address,
        "address_id": case.building.code if case.building_id and case.building else "",
        "zipcode": "",
        "lat": round(case.lat, PUBLIC_DECIMALS),
        "long": round(case.lon, PUBLIC_DECIMALS),
        "media_url": sent.media_url if sent else "",
    }
    if extensions:
        parent = case.merged_into.number if case.merged_into_id and case.merged_into else None
        row["extended_attributes"] = {
            "detailed_status": case.status,
            "detailed_status_name": str(Status(case.status).label),
            "channel": case.channel,
            "level": case.get_level_display(),
            "overdue": case.overdue,
            "closed_datetime": iso(case.closed_at),
            "duplicate": parent,
            "parent_service_request_id": parent,
        }
    return row


def _sent(case: Case) -> Open311Request | None:
    try:
        return case.open311  # type: ignore[no-any-return]
    except Open311Request.DoesNotExist:
        return None


__all__ = ["discovery", "request_detail", "requests_", "service_definition", "services", "token"]
