"""The indicators read from the replica when one is configured (core.replica)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import replica


def test_it_serves_the_indicators_through_the_replica_block(world: Any, monkeypatch: Any) -> None:
    """compute() opens the block: a dashboard calling it reads from the replica."""
    from cases.indicators import compute as module
    from cases.indicators.selectors import bounds

    seen: list[bool] = []
    real = module._report

    def spy(*args: Any) -> Any:
        seen.append(replica._reading.get())
        return real(*args)

    monkeypatch.setattr(module, "_report", spy)
    module.compute(world.district, *bounds(dt.date(2026, 3, 1), dt.date(2026, 3, 31)))
    assert seen == [True]
