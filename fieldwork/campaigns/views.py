"""Campaign pages: the list and the launch form, a campaign's progress ("不漏一户") with the
households left, recording a household at the door, one's households to reach, the XLSX."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts import access
from accounts.roles import Capability as C
from areas.models import Area, grid_levels
from core import timeutil
from core.http import AuthedRequest, show_refusal
from core.refusal import Invalid, Refusal
from fieldwork import permissions, questionnaire
from fieldwork.actions import campaigns as actions
from fieldwork.campaigns import export, selectors
from fieldwork.models import Campaign, Outcome

LEFT_SHOWN = 200


def _launch_areas(user: Any) -> list[Area]:
    """The areas one may launch a campaign on: those one runs field work on and the ones
    below them down to the communities."""
    codes = access.area_codes(user, C.RUN_FIELDWORK)
    if not codes:
        return []
    q = access.scope_q(user, "code", C.RUN_FIELDWORK)
    return list(
        Area.objects.filter(q, active=True).exclude(level__in=grid_levels()).order_by("code")[:300]
    )


EXTRA_FIELDS = 3
TYPE_LABELS = [
    ("yes_no", pgettext_lazy("question type", "Yes or no")),
    ("choice", pgettext_lazy("question type", "One of the options")),
    ("text", pgettext_lazy("question type", "Free text")),
]


def _questionnaire(post: Any) -> list[dict[str, Any]]:
    """The launch form's questionnaire: the usual questions ticked, then up to three of the
    office's own (a label, a type, options separated by commas)."""
    fields = [
        {**f, "required": bool(f["required"]) and post.get(f"required_{f['key']}") == "on"}
        for f in questionnaire.DEFAULT
        if post.get(f"use_{f['key']}") == "on"
    ]
    for n in range(1, EXTRA_FIELDS + 1):
        label = post.get(f"extra_label_{n}", "").strip()
        if not label:
            continue
        kind = post.get(f"extra_type_{n}", "")
        field: dict[str, Any] = {
            "key": f"q{n}",
            "label": label,
            "type": kind,
            "required": post.get(f"extra_required_{n}") == "on",
        }
        if kind == "choice":
            options = [
                o.strip() for o in re.split(r"[,，、;；]", post.get(f"extra_options_{n}", ""))
            ]
            field["options"] = [o for o in options if o]
        fields.append(field)
    return fields


def _day(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(_("Enter a date."), field) from None


@login_required
def campaigns(request: AuthedRequest) -> HttpResponse:
    user = request.user
    launches = permissions.may_launch_somewhere(user)
    if not (launches or permissions.may_walk(user)):
        raise Http404
    values: dict[str, Any] = {f"use_{f['key']}": "on" for f in questionnaire.DEFAULT}
    if request.method == "POST" and launches:
        post = request.POST
        values = {k: post.get(k, "") for k in post}
        try:
            area = Area.objects.filter(code=post.get("area", "")).first()
            if area is None:
                raise Invalid(_("Choose an area."), "area")
            fields = _questionnaire(post)
            campaign = actions.do_launch_campaign(
                name=post.get("name", ""),
                area=area,
                starts_on=_day(post.get("starts_on", ""), "starts_on"),
                ends_on=_day(post.get("ends_on", ""), "ends_on"),
                questionnaire_fields=fields,
                actor=user,
            )
        except Refusal as refusal:
            show_refusal(request, refusal, not_found_page=False)
        else:
            messages.success(request, _("Campaign launched."))
            return redirect("fieldwork:campaign", campaign.pk)
    today = timeutil.today()
    rows = list(
        permissions.campaigns_visible_to(user).select_related("area").order_by("-starts_on")[:50]
    )
    return render(
        request,
        "fieldwork/campaigns.html",
        {
            "running": [c for c in rows if c.starts_on <= today <= c.ends_on],
            "others": [c for c in rows if not c.starts_on <= today <= c.ends_on],
            "launches": launches,
            "areas": _launch_areas(user) if launches else [],
            "values": values,
            "usual": [
                {
                    **f,
                    "checked": values.get(f"use_{f['key']}") == "on",
                    "required_checked": request.method != "POST"
                    or values.get(f"required_{f['key']}") == "on",
                }
                for f in questionnaire.DEFAULT
            ],
            "extras": range(1, EXTRA_FIELDS + 1),
            "types": TYPE_LABELS,
            "to_reach": selectors.to_reach(user).count(),
        },
    )


def _campaign(request: AuthedRequest, pk: int) -> Campaign:
    found = permissions.campaigns_visible_to(request.user).select_related("area").filter(pk=pk)
    campaign = found.first()
    if campaign is None:
        raise Http404
    return campaign


@login_required
def campaign(request: AuthedRequest, pk: int) -> HttpResponse:
    c = _campaign(request, pk)
    left = selectors.left(c, request.user)
    return render(
        request,
        "fieldwork/campaign.html",
        {
            "c": c,
            "running": actions.is_running(c),
            "progress": selectors.progress(c, request.user),
            "left": list(left[:LEFT_SHOWN]),
            "left_count": left.count(),
            "mine": list(left.filter(worker=request.user)[:LEFT_SHOWN]),
        },
    )


@login_required
def export_answers(request: AuthedRequest, pk: int) -> HttpResponse:
    c = _campaign(request, pk)
    response = HttpResponse(
        export.workbook(c, request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="campaign-{c.pk}.xlsx"'
    return response


def _answers(post: Any, fields: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        raw = post.get(f"q_{f['key']}", "")
        if f["type"] == "yes_no":
            out[f["key"]] = {"yes": True, "no": False}.get(raw)
        else:
            out[f["key"]] = raw
    return out


@login_required
def record(request: AuthedRequest, pk: int, row: int) -> HttpResponse:
    c = _campaign(request, pk)
    found = (
        selectors.rows_of(c, request.user)
        .select_related("household", "grid", "worker", "recorded_by")
        .filter(pk=row)
        .first()
    )
    if found is None:
        raise Http404
    values: dict[str, Any] = {}
    if request.method == "POST":
        post = request.POST
        values = {k: post.get(k, "") for k in post}
        outcome = post.get("outcome", "")
        try:
            revision = int(post.get("revision", ""))
        except ValueError:
            revision = None
        try:
            actions.do_record_household(
                found,
                outcome=outcome,
                answers=_answers(post, c.questionnaire) if outcome == Outcome.REACHED else None,
                note=post.get("note", ""),
                revision=revision,
                actor=request.user,
            )
        except Refusal as refusal:
            show_refusal(request, refusal, not_found_page=False)
            found.refresh_from_db()
        else:
            messages.success(
                request, _("Recorded: %(address)s.") % {"address": found.household.address}
            )
            return redirect("fieldwork:campaign", c.pk)
    fields = [
        {
            **f,
            "value": values.get(f"q_{f['key']}", ""),
            "shown": questionnaire.shown(f, found.answers.get(f["key"])),
        }
        for f in c.questionnaire
    ]
    return render(
        request,
        "fieldwork/campaign_record.html",
        {
            "c": c,
            "row": found,
            "fields": fields,
            "outcomes": [(o, Outcome(o).label) for o in Outcome.values if o != Outcome.PENDING],
            "values": values,
            "open": found.outcome in selectors.LEFT and actions.is_running(c),
        },
    )


@login_required
def to_reach(request: AuthedRequest) -> HttpResponse:
    rows = selectors.to_reach(request.user)
    return render(
        request,
        "fieldwork/to_reach.html",
        {"rows": list(rows[:LEFT_SHOWN]), "count": rows.count()},
    )
