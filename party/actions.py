"""Writes to party organisations: members, partner units and agreements, each audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import phone_validator
from accounts.roles import Capability
from areas.models import Area
from core import audit
from core.masking import mask_phone
from party.models import (
    CrossAppointment,
    PartnershipAgreement,
    PartnerUnit,
    PartyMember,
    PartyOrganisation,
)


class NotAllowed(Exception):
    """The actor may not change this organisation (callers turn it into a 404)."""


def _check(actor: Any, area_code: str) -> None:
    if not access.can(actor, Capability.EDIT_PARTY, area_code):
        raise NotAllowed


def _check_phone(phone: str) -> None:
    if phone:
        phone_validator(phone)


@transaction.atomic
def do_add_member(
    organisation: PartyOrganisation,
    *,
    name: str,
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
        raise ValidationError({"name": _("A member needs a name.")})
    _check_phone(phone)
    if home_community is not None:
        if home_community.level != "community":
            raise ValidationError({"home_community": _("Registration is with a community.")})
        if not in_service:
            raise ValidationError(
                {"home_community": _("Only in-service members register with a home community.")}
            )
        if registered_on is None:
            raise ValidationError({"registered_on": _("Give the date of registration.")})
    elif registered_on is not None:
        raise ValidationError({"home_community": _("Give the community registered with.")})
    if joined_on and registered_on and registered_on < joined_on:
        raise ValidationError({"registered_on": _("Registration cannot precede joining.")})
    PartyOrganisation.objects.select_for_update().filter(pk=organisation.pk).first()
    member = PartyMember.objects.create(
        name=name,
        organisation=organisation,
        phone=phone,
        in_service=in_service,
        workplace=workplace.strip() if in_service else "",
        home_community=home_community,
        registered_on=registered_on,
        joined_on=joined_on,
    )
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
def do_add_cross_appointment(
    member: PartyMember, *, body: str, body_name: str, position: str, actor: Any
) -> CrossAppointment:
    """交叉任职: record a post a member also holds elsewhere."""
    _check(actor, member.organisation.area.code)
    if body not in CrossAppointment.Body.values:
        raise ValidationError({"body": _("Unknown body.")})
    if not position.strip():
        raise ValidationError({"position": _("Give the position held.")})
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
    area: Area, *, name: str, contact: str = "", phone: str = "", actor: Any
) -> PartnerUnit:
    """A partner unit (共建单位) working with the organisations of `area`."""
    _check(actor, area.code)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A partner unit needs a name.")})
    _check_phone(phone)
    if PartnerUnit.objects.filter(area=area, name=name).exists():
        raise ValidationError({"name": _("This area already has a partner unit of that name.")})
    unit = PartnerUnit.objects.create(area=area, name=name, contact=contact.strip(), phone=phone)
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
    actor: Any,
) -> PartnershipAgreement:
    """A partnership agreement: its period runs forward, it lists commitments, and both the
    unit and the organisation are within the actor's reach."""
    _check(actor, unit.area.code)
    _check(actor, organisation.area.code)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("An agreement cannot end before it starts.")})
    if not commitments.strip():
        raise ValidationError({"commitments": _("List what the partners commit to.")})
    PartnerUnit.objects.select_for_update().filter(pk=unit.pk).first()
    agreement = PartnershipAgreement.objects.create(
        unit=unit,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        commitments=commitments.strip(),
    )
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
