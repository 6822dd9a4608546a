"""What a higher app shows on a patrol's page and answer, without fieldwork importing it.

A patrol's findings are cases, and `cases` sits above field work: it sets the one function
that lists a patrol's cases and the address of the report form for a patrol, from
`CasesConfig.ready`:

    panels.set_findings(found_on_patrol.findings, found_on_patrol.report_url)

Without it (cases not installed) a patrol lists no finding and offers no report link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldwork.models import Patrol


@dataclass(frozen=True)
class Finding:
    """A case found on a patrol: its number, status label, whether resolved there, its page."""

    id: int
    number: str
    status: str
    resolved_on_spot: bool
    url: str


_findings: Callable[[Patrol], list[Finding]] | None = None
_report_url: Callable[[Patrol], str] | None = None


def set_findings(
    lister: Callable[[Patrol], list[Finding]], report_url: Callable[[Patrol], str]
) -> None:
    global _findings, _report_url
    _findings, _report_url = lister, report_url


def findings(patrol: Patrol) -> list[Finding]:
    return _findings(patrol) if _findings is not None else []


def report_url(patrol: Patrol) -> str:
    return _report_url(patrol) if _report_url is not None else ""
