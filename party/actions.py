"""Writes to party organisations: the tree, members, partner units and agreements, each audited.

Every action checks `edit_party` on the areas it touches (a NotFound refusal: nothing leaks)
and refuses bad input with an Invalid refusal naming its field(s) before anything is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import phone_validator
from areas.models import Area
from core import audit
from core.masking import mask_phone
from core.refusal import Conflict, Invalid, NotFound
from party import permissions, rules
from party.models import (
    CrossAppointment,
    PartnershipAgreement,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
)


def _check(actor: Any, area_code: str) -> None:
    if not permissions.may_edit(actor, area_code):
        raise NotFound(_("No such organisation."))


def _refuse(errors: dict[str, Any]) -> None:
    if errors:
        raise Invalid.on_fields(errors)


def _check_phone(phone: str, landline: bool = False) -> None:
    """A mobile number (or, for a unit, a landline with its area code), against the field."""
    if not phone or (landline and rules.LANDLINE.fullmatch(phone)):
        return
    try:
        phone_validator(phone)
    except ValidationError as exc:
        raise Invalid.on_fields({"phone": exc.messages}) from None


def _check_code(model: type[Any], code: str, pk: int | None = None) -> str:
    code = code.strip()
    _refuse(rules.code_errors(code))
    if model.objects.filter(code=code).exclude(pk=pk).exists():
        raise Conflict(_("The code %(code)s is taken.") % {"code": code}, "code")
    return code


def _plain_changes(obj: Any, new: dict[str, Any]) -> dict[str, list[Any]]:
    changes = audit.diff(obj, new)
    if "phone" in changes:
        changes["phone"] = [mask_phone(obj.phone), mask_phone(new["phone"])]
    return changes


@transaction.atomic
def do_create_organisation(
    *,
    code: str,
    name: str,
    level: str,
    area: Area,
    parent: PartyOrganisation | None = None,
    kind: str = "",
    actor: Any,
) -> PartyOrganisation:
    """A new organisation in the tree: see `rules.place_errors`. The actor edits both the new
    organisation's area and its parent's (a higher body sets up the bodies below it)."""
    _check(actor, area.code)
    if parent is not None:
        parent = (
            PartyOrganisation.objects.select_for_update(of=("self",))
            .select_related("area")
            .get(pk=parent.pk)
        )
        _check(actor, parent.area.code)
    name = name.strip()
    if not name:
        raise Invalid(_("An organisation needs a name."), "name")
    code = _check_code(PartyOrganisation, code)
    _refuse(
        rules.place_errors(
            level=level,
            kind=kind,
            area_code=area.code,
            area_level=area.level,
            parent_level=parent.level if parent else None,
            parent_area_code=parent.area.code if parent else None,
        )
    )
    org = PartyOrganisation.objects.create(
        code=code, name=name, level=level, kind=kind, area=area, parent=parent
    )
    audit.record(
        actor,
        "party.organisation.create",
        org,
        {
            "code": [None, code],
            "level": [None, level],
            "kind": [None, kind],
            "area": [None, area.code],
            "parent": [None, parent.code if parent else None],
        },
        area_code=area.code,
    )
    return org


@transaction.atomic
def do_edit_organisation(
    org: PartyOrganisation,
    *,
    name: str,
    kind: str,
    area: Area,
    secretary: PartyMember | None,
    actor: Any,
) -> PartyOrganisation:
    """Rename, re-kind or move an organisation within its parent's area, or name its
    secretary (one of its own members). The organisations below must stay within its area."""
    org = (
        PartyOrganisation.objects.select_for_update(of=("self",))
        .select_related("area", "parent__area")
        .get(pk=org.pk)
    )
    _check(actor, org.area.code)
    _check(actor, area.code)
    name = name.strip()
    if not name:
        raise Invalid(_("An organisation needs a name."), "name")
    _refuse(
        rules.place_errors(
            level=org.level,
            kind=kind,
            area_code=area.code,
            area_level=area.level,
            parent_level=org.parent.level if org.parent else None,
            parent_area_code=org.parent.area.code if org.parent else None,
        )
    )
    if area.pk != org.area_id:
        outside = org.children.exclude(area__code__startswith=area.code)
        if outside.exists():
            raise Invalid(_("Organisations below would lie outside the new area."), "area")
    if secretary is not None and secretary.organisation_id != org.pk:
        raise Invalid(_("The secretary is a member of the organisation."), "secretary")
    new = {
        "name": name,
        "kind": kind,
        "area_id": area.pk,
        "secretary_id": getattr(secretary, "pk", None),
    }
    changes = audit.diff(org, new)
    if not changes:
        return org
    for field, value in new.items():
        setattr(org, field, value)
    org.save(update_fields=[f.removesuffix("_id") for f in changes])
    audit.record(actor, "party.organisation.edit", org, changes, area_code=area.code)
    return org


@transaction.atomic
def do_add_member(
    organisation: PartyOrganisation,
    *,
    name: str,
    code: str = "",
    phone: str = "",
    in_service: bool = False,
    workplace: str = "",
    home_community: Area | None = None,
    registered_on: dt.date | None = None,
    joined_on: dt.date | None = None,
    actor: Any,
) -> PartyMember:
    """Add a member to an organisation. An in-service member registering at home (双报到)
    names a community the actor may edit, and the date of registration."""
    _check(actor, organisation.area.code)
    name = name.strip()
    if not name:
        raise Invalid(_("A member needs a name."), "name")
    code = _check_code(PartyMember, code) if code.strip() else ""
    _check_phone(phone)
    _refuse(
        rules.member_errors(
            in_service=in_service,
            home_level=home_community.level if home_community else None,
            registered_on=registered_on,
            joined_on=joined_on,
        )
    )
    if home_community is not None:
        _check(actor, home_community.code)
    PartyOrganisation.objects.select_for_update().filter(pk=organisation.pk).first()
    member = PartyMember(
        name=name,
        organisation=organisation,
        phone=phone,
        in_service=in_service,
        workplace=workplace.strip() if in_service else "",
        home_community=home_community,
        registered_on=registered_on,
        joined_on=joined_on,
    )
    if code:
        member.code = code
    member.save()
    audit.record(
        actor,
        "party.member.add",
        member,
        {
            "organisation": [None, organisation.name],
            "phone": [None, mask_phone(phone)],
            "in_service": [None, in_service],
        },
        area_code=organisation.area.code,
    )
    return member


@transaction.atomic
def do_edit_member(
    member: PartyMember,
    *,
    name: str,
    organisation: PartyOrganisation,
    phone: str,
    in_service: bool,
    workplace: str,
    home_community: Area | None,
    registered_on: dt.date | None,
    joined_on: dt.date | None,
    actor: Any,
) -> PartyMember:
    """Change a member's details, or move them to another organisation the actor also edits.
    A retired member keeps no workplace and no home-community registration."""
    member = (
        PartyMember.objects.select_for_update(of=("self",))
        .select_related("organisation__area", "home_community")
        .get(pk=member.pk)
    )
    _check(actor, member.organisation.area.code)
    _check(actor, organisation.area.code)
    name = name.strip()
    if not name:
        raise Invalid(_("A member needs a name."), "name")
    _check_phone(phone)
    _refuse(
        rules.member_errors(
            in_service=in_service,
            home_level=home_community.level if home_community else None,
            registered_on=registered_on,
            joined_on=joined_on,
        )
    )
    if home_community is not None and home_community.pk != member.home_community_id:
        _check(actor, home_community.code)
    new = {
        "name": name,
        "organisation_id": organisation.pk,
        "phone": phone,
        "in_service": in_service,
        "workplace": workplace.strip() if in_service else "",
        "home_community_id": getattr(home_community, "pk", None),
        "registered_on": registered_on,
        "joined_on": joined_on,
    }
    changes = _plain_changes(member, new)
    if not changes:
        return member
    if "organisation_id" in changes:
        # A secretary who leaves no longer leads the organisation they left.
        PartyOrganisation.objects.filter(pk=member.organisation_id, secretary_id=member.pk).update(
            secretary=None
        )
    for field, value in new.items():
        setattr(member, field, value)
    member.save(update_fields=[f.removesuffix("_id") for f in changes])
    audit.record(actor, "party.member.edit", member, changes, area_code=organisation.area.code)
    return member


@transaction.atomic
def do_add_cross_appointment(
    member: PartyMember, *, body: str, body_name: str, position: str, actor: Any
) -> CrossAppointment:
    """交叉任职: record a post a member also holds elsewhere."""
    _check(actor, member.organisation.area.code)
    if body not in CrossAppointment.Body.values:
        raise Invalid(_("Unknown body."), "body")
    if not position.strip():
        raise Invalid(_("Give the position held."), "position")
    appointment = CrossAppointment.objects.create(
        member=member, body=body, body_name=body_name.strip(), position=position.strip()
    )
    audit.record(
        actor,
        "party.cross_appointment.add",
        appointment,
        {"body": [None, body], "position": [None, position.strip()]},
        area_code=member.organisation.area.code,
    )
    return appointment


@transaction.atomic
def do_add_partner_unit(
    area: Area, *, name: str, code: str = "", contact: str = "", phone: str = "", actor: Any
) -> PartnerUnit:
    """A partner unit (共建单位) working with the organisations of `area`, a community or
    above; its name is unique within the area."""
    _check(actor, area.code)
    if area.level not in rules.PARTNER_AREA_LEVELS:
        raise Invalid(_("A partner unit works with a community or above."), "area")
    name = name.strip()
    if not name:
        raise Invalid(_("A partner unit needs a name."), "name")
    code = _check_code(PartnerUnit, code) if code.strip() else ""
    _check_phone(phone, landline=True)
    if PartnerUnit.objects.filter(area=area, name=name).exists():
        raise Conflict(_("This area already has a partner unit of that name."), "name")
    unit = PartnerUnit(area=area, name=name, contact=contact.strip(), phone=phone)
    if code:
        unit.code = code
    unit.save()
    audit.record(
        actor,
        "party.partner_unit.add",
        unit,
        {"name": [None, name], "phone": [None, mask_phone(phone)]},
        area_code=area.code,
    )
    return unit


@transaction.atomic
def do_add_agreement(
    unit: PartnerUnit,
    *,
    organisation: PartyOrganisation,
    starts_on: dt.date,
    ends_on: dt.date,
    commitments: str,
    code: str = "",
    actor: Any,
) -> PartnershipAgreement:
    """A partnership agreement: its period runs forward, it lists commitments, it is signed by
    a committee or branch, and both the unit and the organisation are within the actor's
    reach."""
    _check(actor, unit.area.code)
    _check(actor, organisation.area.code)
    _refuse(rules.period_errors(starts_on, ends_on))
    if organisation.level not in rules.SIGNING_LEVELS:
        raise Invalid(_("A committee or branch signs a partnership agreement."), "organisation")
    if not commitments.strip():
        raise Invalid(_("List what the partners commit to."), "commitments")
    code = _check_code(PartnershipAgreement, code) if code.strip() else ""
    PartnerUnit.objects.select_for_update().filter(pk=unit.pk).first()
    agreement = PartnershipAgreement(
        unit=unit,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        commitments=commitments.strip(),
    )
    if code:
        agreement.code = code
    agreement.save()
    audit.record(
        actor,
        "party.agreement.add",
        agreement,
        {
            "organisation": [None, organisation.name],
            "period": [None, f"{starts_on.isoformat()} – {ends_on.isoformat()}"],
        },
        area_code=organisation.area.code,
    )
    return agreement


@transaction.atomic
def do_edit_partner_unit(
    unit: PartnerUnit, *, name: str, contact: str, phone: str, actor: Any
) -> PartnerUnit:
    """Rename a partner unit or change its contact; its name stays unique within its area."""
    unit = (
        PartnerUnit.objects.select_for_update(of=("self",)).select_related("area").get(pk=unit.pk)
    )
    _check(actor, unit.area.code)
    name = name.strip()
    if not name:
        raise Invalid(_("A partner unit needs a name."), "name")
    _check_phone(phone, landline=True)
    if PartnerUnit.objects.filter(area=unit.area, name=name).exclude(pk=unit.pk).exists():
        raise Conflict(_("This area already has a partner unit of that name."), "name")
    new = {"name": name, "contact": contact.strip(), "phone": phone}
    changes = _plain_changes(unit, new)
    if not changes:
        return unit
    for field, value in new.items():
        setattr(unit, field, value)
    unit.save(update_fields=list(changes))
    audit.record(actor, "party.partner_unit.edit", unit, changes, area_code=unit.area.code)
    return unit


@transaction.atomic
def do_edit_agreement(
    agreement: PartnershipAgreement,
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    commitments: str,
    actor: Any,
) -> PartnershipAgreement:
    """Extend, shorten or restate an agreement; its period still runs forward."""
    agreement = (
        PartnershipAgreement.objects.select_for_update(of=("self",))
        .select_related("organisation__area", "unit")
        .get(pk=agreement.pk)
    )
    _check(actor, agreement.organisation.area.code)
    _refuse(rules.period_errors(starts_on, ends_on))
    if not commitments.strip():
        raise Invalid(_("List what the partners commit to."), "commitments")
    new = {"starts_on": starts_on, "ends_on": ends_on, "commitments": commitments.strip()}
    changes = audit.diff(agreement, new)
    if not changes:
        return agreement
    for field, value in new.items():
        setattr(agreement, field, value)
    agreement.save(update_fields=list(changes))
    audit.record(
        actor,
        "party.agreement.edit",
        agreement,
        changes,
        area_code=agreement.organisation.area.code,
    )
    return agreement
