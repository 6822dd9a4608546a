"""The OpenAPI schema stays true: django-ninja files every schema class under its bare class
name, so two classes of one name silently share one component (the second overwrites the
first, and endpoints are documented with the other's fields). Which statuses each operation
answers is checked on every API request of the suite (conftest.py) and by the fuzz run
(test_api_schema_fuzz.py)."""

from __future__ import annotations

import enum
import typing
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from linli.api import api


def _operations() -> list[Any]:
    return [
        operation
        for router in api._get_bound_routers()
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]


def _classes(annotation: Any, found: set[type]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | enum.Enum):
        if annotation in found:
            return
        found.add(annotation)
        if issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                _classes(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _classes(argument, found)


def schema_classes() -> set[type]:
    """The schema classes (models and enums) the API's operations read and answer, without
    django-ninja's own wrappers of an operation's parameters and responses."""
    found: set[type] = set()
    for operation in _operations():
        for model in [*operation.models, *operation.response_models.values()]:
            _classes(model, found)
    return {c for c in found if not c.__module__.startswith("ninja.")}


def test_it_names_every_schema_class_once() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in schema_classes():
        by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: paths for name, paths in by_name.items() if len(paths) > 1} == {}


def test_it_documents_each_schema_class_as_its_own_component() -> None:
    components = api.get_openapi_schema()["components"]["schemas"]
    for name in ("PlanGridOut", "GridOut", "GridTeamOut", "TeamOut"):
        assert name in components
    assert "households" in components["GridOut"]["properties"]
    assert "compactness" not in components["GridOut"]["properties"]
    assert "compactness" in components["PlanGridOut"]["properties"]
    assert "piece" in components["GridTeamOut"]["properties"]
    assert "piece" not in components["TeamOut"]["properties"]


def test_it_lists_allowed_values_as_enums() -> None:
    paths = api.get_openapi_schema()["paths"]

    def parameter(path: str, name: str) -> dict[str, Any]:
        (found,) = [p for p in paths[path]["get"]["parameters"] if p["name"] == name]
        return found["schema"]

    assert parameter("/api/v1/areas/grids", "level")["anyOf"][0]["enum"] == ["grid", "microgrid"]
    assert "community" in parameter("/api/v1/areas/", "level")["anyOf"][0]["enum"]
    assert "branch" in parameter("/api/v1/party/organisations", "level")["anyOf"][0]["enum"]
    assert {"", "open", "closed"} <= set(parameter("/api/v1/cases/", "status")["enum"])
    assert (
        "households"
        in parameter("/api/v1/registers/{register_name}/export", "register_name")["enum"]
    )


def test_it_declares_the_400_of_every_operation_that_reads_a_body() -> None:
    # django-ninja answers a body it cannot parse with a 400 ("Cannot parse request body").
    undeclared = [
        f"{operation.methods} {operation.view_func.__module__}.{operation.view_func.__name__}"
        for operation in _operations()
        if {m.__ninja_param_source__ for m in operation.models} & {"body", "form", "file"}
        and 400 not in operation.response_models
    ]
    assert undeclared == []


def test_it_documents_the_400_of_unstorable_text_on_every_operation_with_input() -> None:
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            if operation.get("parameters") or operation.get("requestBody"):
                assert 400 in operation["responses"], (method, path)
