"""The grid division engine: pure functions on plain data (no ORM)."""

from areas.division.engine.feasibility import arithmetic_problem, validate
from areas.division.engine.solver import divide
from areas.division.engine.types import Bounds, BuildingIn, Division, Grid, InputError, Problem

__all__ = [
    "Bounds",
    "BuildingIn",
    "Division",
    "Grid",
    "InputError",
    "Problem",
    "arithmetic_problem",
    "divide",
    "validate",
]
