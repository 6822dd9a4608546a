"""The member service post register (党员服务示范岗, 先锋岗, 哨点): who is posted on which grid,
at which building or point, with which duty, since and until when; checked by the rules of
`party.posts.actions.check_place`. Imported and exported by whoever edits / views the
member's organisation."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from areas.models import Area, Building, grid_levels
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, by_code
from areas.registers.specs.common import code_column, unknown
from party.models import PartyMember
from party.posts.models import DUTY_MAX, PLACE_MAX, PostKind, ServicePost
from party.registers.common import PartySpec, outside, party_scope

KIND_ZH = {"model": "示范岗", "vanguard": "先锋岗", "sentinel": "哨点"}


class ServicePostSpec(PartySpec):
    key = "service_posts"
    label = gettext_lazy("Service posts")
    model = ServicePost
    owner_paths = ("organisation__area__code",)
    columns = (
        code_column(pgettext_lazy("register column", "Post code")),
        Column(
            "member_code", pgettext_lazy("register column", "Member code"), c.code, required=True
        ),
        Column(
            "kind",
            pgettext_lazy("register column", "Kind of post"),
            c.choice(PostKind, KIND_ZH),
            required=True,
            help="示范岗 / 先锋岗 / 哨点",
        ),
        Column("duty", pgettext_lazy("register column", "Duty"), c.string(DUTY_MAX), required=True),
        Column("grid_code", pgettext_lazy("register column", "Grid code"), c.code, required=True),
        Column("building_code", pgettext_lazy("register column", "Building code"), c.code),
        Column("place", pgettext_lazy("register column", "Place"), c.string(PLACE_MAX)),
        Column("lon", pgettext_lazy("register column", "Longitude"), c.decimal(-180, 180)),
        Column("lat", pgettext_lazy("register column", "Latitude"), c.decimal(-90, 90)),
        Column(
            "since",
            pgettext_lazy("register column", "Since"),
            c.date,
            required=True,
            help="2026-01-01",
        ),
        Column("until", pgettext_lazy("register column", "Until"), c.date),
    )
    sources = {
        "member_id": "member_code",
        "organisation_id": "member_code",
        "kind": "kind",
        "duty": "duty",
        "grid_id": "grid_code",
        "building_id": "building_code",
        "place": "place",
        "lon": "lon",
        "lat": "lat",
        "since": "since",
        "until": "until",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        members = {
            m.code: m
            for m in PartyMember.objects.filter(
                code__in={r.cells["member_code"] for r in rows}
            ).select_related("organisation__area", "home_community")
        }
        grids = by_code(Area, {r.cells["grid_code"] for r in rows}, "id", "level")
        buildings = by_code(
            Building, {r.cells.get("building_code") or "" for r in rows}, "id", "grid_id"
        )
        levels = set(grid_levels())
        for r in rows:
            member = members.get(r.cells["member_code"])
            if member is None:
                unknown(errors, r, "member_code", _("party member"), r.cells["member_code"])
                continue
            if not ctx.can_edit(member.organisation.area.code):
                outside(errors, r, "member_code", r.cells["member_code"])
                continue
            grid = grids.get(r.cells["grid_code"])
            if grid is None:
                unknown(errors, r, "grid_code", _("area"), r.cells["grid_code"])
                continue
            reach = [member.organisation.area.code]
            if member.home_community is not None:
                reach.append(member.home_community.code)
            if grid["level"] not in levels or not any(grid["code"].startswith(x) for x in reach):
                errors.add(
                    r.number,
                    "grid_code",
                    _("The grid must lie within the member's organisation's area."),
                )
                continue
            building_id = None
            if r.cells.get("building_code"):
                building = buildings.get(r.cells["building_code"])
                if building is None:
                    unknown(errors, r, "building_code", _("building"), r.cells["building_code"])
                    continue
                if building["grid_id"] != grid["id"]:
                    errors.add(r.number, "building_code", _("The building is on another grid."))
                    continue
                building_id = building["id"]
            lon, lat = r.cells.get("lon"), r.cells.get("lat")
            if (lon is None) != (lat is None):
                errors.add(r.number, "lon", _("Give both longitude and latitude, or neither."))
                continue
            until = r.cells.get("until")
            if until is not None and until < r.cells["since"]:
                errors.add(r.number, "until", _("A post cannot end before it starts."))
                continue
            r.values = {
                "member_id": member.pk,
                "organisation_id": member.organisation_id,
                "kind": r.cells["kind"],
                "duty": r.cells["duty"],
                "grid_id": grid["id"],
                "building_id": building_id,
                "place": r.cells.get("place", ""),
                "lon": lon,
                "lat": lat,
                "since": r.cells["since"],
                "until": until,
            }

    def scope(self, user: Any) -> Q:
        return party_scope(user, "organisation__area__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            ServicePost.objects.filter(self.scope(user))
            .order_by("code")
            .values_list(
                "code",
                "member__code",
                "kind",
                "duty",
                "grid__code",
                "building__code",
                "place",
                "lon",
                "lat",
                "since",
                "until",
            )
        )

    def export_row(self, row: Any) -> list[Any]:
        code, member, kind, duty, grid, building, place, lon, lat, since, until = row
        return [
            code,
            member,
            KIND_ZH.get(kind, kind),
            duty,
            grid,
            building or "",
            place,
            "" if lon is None else lon,
            "" if lat is None else lat,
            since.isoformat(),
            until.isoformat() if until else "",
        ]
