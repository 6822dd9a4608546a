"""Schemathesis against the served OpenAPI schema, on PostgreSQL, as a staff member and as a
resident of the demo district: every operation answers with a status it documents, in the
body its schema says, and never with a server error. `make test-api-fuzz` runs it (CI after
`make test-pg`); a fixed seed and a bounded number of examples per operation keep it to a few
minutes on two cores (LINLI_FUZZ_EXAMPLES raises the number for a longer hunt). The suite's
check of declared statuses (conftest.py) runs inside the application too: an answer its
operation does not declare in code is a 500 here, with the reason in the log."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings

pytestmark = [pytest.mark.postgres, pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("LINLI_FUZZ_EXAMPLES", "6"))
SEED = 20221
# Operations left out, each with its reason.
SKIPPED = {
    # Writes a file of up to 30 MB per example into the register import: its own fuzz tests
    # (areas/registers/tests) cover what it refuses.
    ("POST", "/api/v1/registers/{register_name}/import"),
}


def _checks() -> list[Any]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]


def _fuzz(operation: Any, headers: dict[str, str], checks: list[Any]) -> list[str]:
    """Run `EXAMPLES` generated requests against one operation; the failures found."""
    failures: list[str] = []

    @seed(SEED)
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        try:
            case.call_and_validate(headers=headers, checks=checks)
        except (Exception, BaseExceptionGroup) as exc:  # one failure an operation is enough
            if not failures:
                failures.append(f"{operation.label}: {str(exc)[:1500]}")

    run()
    return failures


@pytest.fixture
def _one_connection() -> Any:
    """The WSGI application serves in the test's thread, on its connection and inside its
    transaction; as Django's test client does, a request must not close the connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_one_connection")
def test_it_answers_every_operation_as_its_schema_documents() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the fuzz run is for PostgreSQL, which refuses what SQLite stores")
    import schemathesis
    from schemathesis.core.result import Ok

    from accounts.models import ApiToken
    from linli.demo import generate
    from linli.wsgi import application

    with translation.override(settings.LANGUAGE_CODE):
        users = generate(scale=0.002, seed=7).data["users"]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    # No NUL and no lone surrogates: the middleware refuses them before any endpoint
    # (test_unstorable_text.py), so such examples would only spend the budget.
    schema.config.generation.update(allow_x00=False, codec="utf-8")
    checks = _checks()
    failures: list[str] = []
    for role in ("community_staff", "resident"):
        _token, key = ApiToken.issue(users[role], "fuzz")
        headers = {"Authorization": f"Bearer {key}"}
        for result in schema.get_all_operations():
            if not isinstance(result, Ok):
                failures.append(f"the schema: {result.err()}")
                continue
            operation = result.ok()
            if (operation.method.upper(), operation.path) in SKIPPED:
                continue
            failures += [f"[{role}] {f}" for f in _fuzz(operation, headers, checks)]
    assert not failures, "\n\n".join(failures)
