"""The party registers in the register framework of areas.registers: organisations, members,
partner units and partnership agreements, imported and exported by code under `view_party` /
`edit_party`, checked by the same rules as the actions (party.rules). PartyConfig.ready adds
them to areas.registers.specs."""

from __future__ import annotations

from party.registers.joint import JointMemberSpec
from party.registers.members import MemberSpec
from party.registers.neworgs import NewOrganisationSpec
from party.registers.organisations import OrganisationSpec
from party.registers.partners import AgreementSpec, PartnerUnitSpec
from party.registers.posts import ServicePostSpec

SPECS = (
    OrganisationSpec(),
    MemberSpec(),
    PartnerUnitSpec(),
    AgreementSpec(),
    ServicePostSpec(),
    NewOrganisationSpec(),
    JointMemberSpec(),
)
