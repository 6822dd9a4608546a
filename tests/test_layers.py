"""Layers point one way (DESIGN.md): a lower app never depends on a higher one.

Every Python file of every app is parsed (tests and migrations aside): module-level and
function-level imports, `apps.get_model(...)` and `import_module(...)` strings, and model
fields pointing at another app's model by name all count.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. DESIGN.md's order, with the apps that exist today; an app's packages
# (areas.division, cases.indicators …) are in its layer. `linli` is the project on top:
# settings, URLs, the API's root and the demo orchestration.
LAYERS = (
    "core",
    "accounts",
    "areas",
    "party",
    "activities",
    "fieldwork",
    "points",
    "volunteering",
    "cases",
    "dashboard",
    "linli",
)

# The only edges that point up, each with its reason.
ALLOWED = {
    # Typing only (under TYPE_CHECKING): views' `request.user` is linli's user model.
    ("core/http.py", "accounts"),
    # accounts sits below areas and never imports it; its models hold the declared data
    # link up: a user's resident record and the area a role is held on, by FK name. The
    # receivers in accounts get areas' rows through these FKs and signal payloads.
    ("accounts/models.py", "areas"),
}

FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def references(source: str) -> Iterator[tuple[int, str]]:
    """(line, module or app label) for every reference of `source` to another module."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args:
            first = _text(node.args[0])
            called = _name(node.func)
            if first is None:
                continue
            if called == "get_model":  # apps.get_model("party.PartyOrganisation" | "party", …)
                yield node.lineno, first.split(".")[0]
            elif called == "import_module":
                yield node.lineno, first
            elif called in FIELDS and "." in first:  # ForeignKey("areas.Area", …)
                yield node.lineno, first.split(".")[0]


def layer(module: str) -> int | None:
    top = module.split(".")[0]
    return LAYERS.index(top) if top in LAYERS else None


def upward_references() -> list[str]:
    found = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if {"tests", "migrations"} & set(relative.parts):
                continue
            for line, module in references(path.read_text(encoding="utf-8")):
                target = layer(module)
                if target is None or target <= LAYERS.index(app):
                    continue
                if (relative.as_posix(), LAYERS[target]) in ALLOWED:
                    continue
                found.append(f"{relative}:{line}: {app} depends on {module}")
    return found


def test_it_finds_imports_inside_functions_and_models_named_in_strings() -> None:
    source = """
import party.models
def f():
    from cases.models import Case
    apps.get_model("volunteering.Wish")
    apps.get_model("points", "Entry")
    importlib.import_module("linli.demo")
class M(models.Model):
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE)
"""
    assert [m for _line, m in references(source)] == [
        "party.models",
        "cases.models",
        "volunteering",
        "points",
        "linli.demo",
        "areas",
    ]


def test_it_has_no_lower_app_depending_on_a_higher_one() -> None:
    assert upward_references() == []


def test_it_lists_every_app_in_its_layer() -> None:
    """A new app must be placed in LAYERS, or the rule above silently skips it."""
    apps = {
        p.parent.name
        for p in ROOT.glob("*/apps.py")
        if not {".venv", "node_modules"} & set(p.parts)
    }
    assert apps <= set(LAYERS)
