"""The registers that can be imported and exported: columns, references, scope, export rows.

The area registers are defined here; an app higher up (party) adds its own with `register`
from its AppConfig.ready, so the register pages, API and command list them too."""

from __future__ import annotations

from areas.registers.engine import Spec
from areas.registers.specs.areas import AreaSpec
from areas.registers.specs.geography import RoadSpec, WaterBodySpec
from areas.registers.specs.people import HouseholdSpec, ResidentSpec
from areas.registers.specs.places import BuildingSpec, CompoundSpec
from areas.registers.specs.services import ServicePointSpec

SPECS: dict[str, Spec] = {
    s.key: s
    for s in (
        AreaSpec(),
        CompoundSpec(),
        BuildingSpec(),
        HouseholdSpec(),
        ResidentSpec(),
        RoadSpec(),
        WaterBodySpec(),
        ServicePointSpec(),
    )
}


def register(spec: Spec) -> None:
    SPECS[spec.key] = spec


def get(register: str) -> Spec:
    return SPECS[register]


def keys() -> list[str]:
    return list(SPECS)


def label(register: str) -> str:
    spec = SPECS.get(register)
    return str(spec.label) if spec else register
