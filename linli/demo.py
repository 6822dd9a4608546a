"""The demo district: a deterministic synthetic district shaped like 瓯北街道.

Each app may have a `demo` module with `generate(ctx)` (adds its part, called in
INSTALLED_APPS order, lower apps first) and `describe(ctx)` (lines that
`demo_accounts` prints). Everything is derived from one seed, so two runs with
the same seed and scale make the same district.
"""

from __future__ import annotations

import importlib
import random
import time
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

DEMO_PASSWORD = "linli-demo"


@dataclass
class DemoContext:
    scale: float = 1.0
    seed: int = 20221
    rng: random.Random = field(default_factory=random.Random)
    verbose: bool = False
    # Filled in by the apps as they generate: "district", "subdistrict",
    # "communities", "grids", "users" (role -> demo user), ...
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng.seed(self.seed)

    def log(self, message: str) -> None:
        if self.verbose:
            print(message, flush=True)


# Parts of an app's demo kept in modules of their own, run after the app's `demo` (if any).
PARTS: dict[str, tuple[str, ...]] = {
    "fieldwork": ("fieldwork.demo_patrols",),
    "dashboard": ("dashboard.assessment.demo", "dashboard.bulletins.demo"),
    "cases": ("cases.demo_year",),
}


def demo_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if config.name == "linli":
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
        modules.extend(importlib.import_module(name) for name in PARTS.get(config.name, ()))
    return modules


def generate(scale: float = 1.0, seed: int = 20221, verbose: bool = False) -> DemoContext:
    ctx = DemoContext(scale=scale, seed=seed, verbose=verbose)
    for module in demo_modules():
        if hasattr(module, "generate"):
            started = time.process_time()
            module.generate(ctx)
            ctx.log(f"  {module.__name__}: {time.process_time() - started:.1f} s CPU")
    # The case figures' roll-ups recounted once (the triggers kept them, with rows of zeros
    # where a step undid another): the same rows whatever the day of the load.
    from cases import rollup

    rollup.rebuild()
    return ctx


def describe(ctx: DemoContext | None = None) -> list[str]:
    ctx = ctx or DemoContext()
    lines: list[str] = []
    for module in demo_modules():
        if hasattr(module, "describe"):
            lines.extend(module.describe(ctx))
    return lines
