"""The registers that can be imported and exported: columns, references, scope, export rows."""

from __future__ import annotations

from areas.registers.engine import Spec
from areas.registers.specs.areas import AreaSpec
from areas.registers.specs.people import HouseholdSpec, ResidentSpec
from areas.registers.specs.places import BuildingSpec, CompoundSpec

SPECS: dict[str, Spec] = {
    s.key: s for s in (AreaSpec(), CompoundSpec(), BuildingSpec(), HouseholdSpec(), ResidentSpec())
}


def get(register: str) -> Spec:
    return SPECS[register]
