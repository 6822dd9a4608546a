"""The party member register: in service or retired, 双报到, cross-appointments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from areas.registers import cells as c
from areas.registers.cells import Column
from areas.registers.engine import Ctx, Errors, Row, by_code
from areas.registers.specs.common import code_column, unknown
from core import audit
from core.masking import mask_phone
from party import rules
from party.models import (
    CrossAppointment,
    PartyMember,
    PartyOrganisation,
)
from party.registers.common import (
    BODY_ZH,
    PartySpec,
    Post,
    add_all,
    in_service,
    outside,
    party_scope,
    posts,
    posts_text,
)


class MemberSpec(PartySpec):
    key = "party_members"
    label = gettext_lazy("Party members")
    model = PartyMember
    masked = ("phone",)
    owner_paths = ("organisation__area__code",)
    columns = (
        code_column(pgettext_lazy("register column", "Member code")),
        Column(
            "name",
            pgettext_lazy("register column", "Full name"),
            c.string(50),
            required=True,
            aliases=("姓名",),
        ),
        Column(
            "organisation_code",
            pgettext_lazy("register column", "Organisation code"),
            c.code,
            required=True,
        ),
        Column("phone", pgettext_lazy("register column", "Phone"), c.phone, help="13812345678"),
        Column(
            "in_service",
            pgettext_lazy("register column", "In service or retired"),
            in_service,
            help="在职 / 退休",
        ),
        Column("workplace", pgettext_lazy("register column", "Workplace"), c.string(100)),
        Column(
            "home_community_code",
            pgettext_lazy("register column", "Home community code"),
            c.code,
            help=gettext_lazy("双报到: the community an in-service member registered with"),
        ),
        Column(
            "registered_on",
            pgettext_lazy("register column", "Registered on"),
            c.date,
            help="2026-03-01",
        ),
        Column(
            "joined_on",
            pgettext_lazy("register column", "Joined the party on"),
            c.date,
            help="2001-07-01",
        ),
        Column(
            "cross_appointments",
            pgettext_lazy("register column", "Cross-appointments"),
            posts,
            help="业委会/东花园业委会/主任；物业公司//经理（" + " / ".join(BODY_ZH.values()) + "）",
        ),
    )
    sources = {
        "name": "name",
        "organisation_id": "organisation_code",
        "phone": "phone",
        "in_service": "in_service",
        "workplace": "workplace",
        "home_community_id": "home_community_code",
        "registered_on": "registered_on",
        "joined_on": "joined_on",
    }

    def resolve(self, rows: list[Row], ctx: Ctx, errors: Errors) -> None:
        orgs = by_code(
            PartyOrganisation,
            {r.cells["organisation_code"] for r in rows},
            "id",
            "area__code",
        )
        homes = by_code(Area, {r.cells.get("home_community_code", "") for r in rows}, "id", "level")
        stored = by_code(PartyMember, {r.code for r in rows}, "home_community__code")
        columns = {"home_community": "home_community_code"}
        for r in rows:
            org = orgs.get(r.cells["organisation_code"])
            if org is None:
                unknown(
                    errors, r, "organisation_code", _("organisation"), r.cells["organisation_code"]
                )
                continue
            if not ctx.can_edit(org["area__code"]):
                outside(errors, r, "organisation_code", r.cells["organisation_code"])
                continue
            home = None
            if code := r.cells.get("home_community_code"):
                home = homes.get(code)
                if home is None or home["level"] != "community":
                    unknown(errors, r, "home_community_code", _("community"), code)
                    continue
            serving = r.cells.get("in_service", False)
            found = rules.member_errors(
                in_service=serving,
                home_level=home["level"] if home else None,
                registered_on=r.cells.get("registered_on"),
                joined_on=r.cells.get("joined_on"),
            )
            if found:
                add_all(errors, r, found, columns)
                continue
            # A registration kept as stored stays; a new one names a community the importer edits.
            kept = stored.get(r.code, {}).get("home_community__code") == (home or {}).get("code")
            if home is not None and not kept and not ctx.can_edit(home["code"]):
                outside(errors, r, "home_community_code", home["code"])
                continue
            r.values = {
                "name": r.cells["name"],
                "organisation_id": org["id"],
                "phone": r.cells.get("phone", ""),
                "in_service": serving,
                "workplace": r.cells.get("workplace", "") if serving else "",
                "home_community_id": home["id"] if home else None,
                "registered_on": r.cells.get("registered_on"),
                "joined_on": r.cells.get("joined_on"),
            }
            if "cross_appointments" in r.cells:
                r.values["posts"] = r.cells["cross_appointments"]

    def after_group(self, rows: list[Row], actor: Any) -> set[str]:
        """Replace the cross-appointments of the members whose file lists them differently."""
        wanted = {r.code: r.values["posts"] for r in rows if "posts" in r.values}
        if not wanted:
            return set()
        ids = dict(PartyMember.objects.filter(code__in=list(wanted)).values_list("code", "pk"))
        held: dict[str, list[Post]] = {code: [] for code in wanted}
        for code, *post in CrossAppointment.objects.filter(member_id__in=ids.values()).values_list(
            "member__code", "body", "body_name", "position"
        ):
            held[code].append((post[0], post[1], post[2]))
        changed = {code for code, items in wanted.items() if sorted(held[code]) != items}
        if not changed:
            return set()
        CrossAppointment.objects.filter(member_id__in=[ids[code] for code in changed]).delete()
        CrossAppointment.objects.bulk_create(
            CrossAppointment(member_id=ids[code], body=b, body_name=n, position=p)
            for code in sorted(changed)
            for b, n, p in wanted[code]
        )
        for code in sorted(changed):
            audit.record(
                actor,
                "registers.update_cross_appointments",
                None,
                {"cross_appointments": [posts_text(held[code]), posts_text(wanted[code])]},
                object_type="party.partymember",
                object_id=str(ids[code]),
                object_repr=code,
            )
        return changed

    def before_group(self, rows: list[Row]) -> None:
        """A secretary who moves to another organisation no longer leads the one they left."""
        moving = {
            r.code: r.values["organisation_id"] for r in rows if "organisation_id" in r.values
        }
        led = PartyOrganisation.objects.filter(secretary__code__in=list(moving)).values_list(
            "pk", "secretary__code"
        )
        left = [pk for pk, code in led if moving[code] != pk]
        if left:
            PartyOrganisation.objects.filter(pk__in=left).update(secretary=None)

    def scope(self, user: Any) -> Q:
        return party_scope(user, "organisation__area__code")

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return (
            PartyMember.objects.filter(self.scope(user))
            .order_by("code")
            .values_list(
                "pk",
                "code",
                "name",
                "organisation__code",
                "phone",
                "in_service",
                "workplace",
                "home_community__code",
                "registered_on",
                "joined_on",
            )
        )

    def export_rows(self, user: Any) -> Iterator[list[Any]]:
        """Members in chunks, each chunk with its cross-appointments in one more query."""
        chunk: list[Any] = []
        for row in self.export_queryset(user).iterator(chunk_size=2000):
            chunk.append(row)
            if len(chunk) == 2000:
                yield from self._with_posts(chunk)
                chunk = []
        yield from self._with_posts(chunk)

    def _with_posts(self, chunk: list[Any]) -> Iterator[list[Any]]:
        held: dict[int, list[Post]] = {}
        for member, *post in CrossAppointment.objects.filter(
            member_id__in=[row[0] for row in chunk]
        ).values_list("member_id", "body", "body_name", "position"):
            held.setdefault(member, []).append((post[0], post[1], post[2]))
        for row in chunk:
            yield [*self.export_row(row[1:]), posts_text(held.get(row[0], []))]

    def export_row(self, row: Any) -> list[Any]:
        code, name, org, phone, serving, workplace, home, registered, joined = row
        return [
            code,
            name,
            org,
            mask_phone(phone),
            "在职" if serving else "退休",
            workplace,
            home or "",
            registered.isoformat() if registered else "",
            joined.isoformat() if joined else "",
        ]
