"""Schemathesis over a started service's own OpenAPI document, in process, on the real database
and broker of the kit's fixtures.

The runtime's connections belong to the test's event loop, so schemathesis cannot send through
its own ASGI client (that runs the app on a loop of its own in another thread). Hypothesis runs
in a worker thread instead, and each generated request is sent on the test's loop through the
kit's `http_client`; schemathesis then judges the response.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import BaseSchema, GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from wir_kit.runtime import Runtime
from wir_kit.testing.service import http_client

#: Enough to reach every operation's 4xx paths, few enough to keep the three services under a
#: minute and a half on two busy cores.
EXAMPLES = 40

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

Case = schemathesis.Case[Any]
Operation = schemathesis.APIOperation[Any, Any, Any, Any]
Send = Callable[[Case], httpx.Response]
Fuzz = Callable[[Runtime, Mapping[str, str], Mapping[str, str]], Awaitable[list[str]]]


def _httpx_arguments(kwargs: dict[str, Any]) -> dict[str, Any]:
    """schemathesis serialises a case for `requests`; httpx names a raw body `content`."""
    arguments: dict[str, Any] = {
        k: kwargs[k] for k in ("method", "url", "headers", "params", "json") if k in kwargs
    }
    if "data" in kwargs:
        key = "content" if isinstance(kwargs["data"], bytes | str) else "data"
        arguments[key] = kwargs["data"]
    if "files" in kwargs:
        arguments["files"] = kwargs["files"]
    return arguments


def _operation_failures(
    operation: Operation,
    send: Send,
    known: Mapping[str, str],
) -> list[str]:
    """Positive and negative data, first with any path, then on the things `known` names."""
    names = [parameter.name for parameter in operation.path_parameters]
    pinned = {name: known[name] for name in names if name in known}
    paths: list[dict[str, str] | None] = [None] + ([pinned] if names and len(pinned) == len(names) else [])
    failures: list[str] = []
    for path in paths:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path)
            failure = _first_failure(strategy, send)
            if failure is not None:
                on = "" if path is None else " on known ids"
                failures.append(f"{operation.label} ({mode.value}{on}): {failure}")
    return failures


def _first_failure(strategy: SearchStrategy[Case], send: Send) -> BaseException | None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: Case) -> None:
        case.validate_response(send(case), checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        return None  # no negative data exists for an operation that takes any string
    except (Exception, BaseExceptionGroup) as failure:  # all operations are reported
        return failure
    return None


def _in_order(schema: BaseSchema) -> list[Operation]:
    """Deletions last, so that the known things exist for every other operation."""
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    return sorted(operations, key=lambda operation: operation.method.upper() == "DELETE")


@pytest.fixture
def fuzz() -> Fuzz:
    """`await fuzz(runtime, known, auth)`: every operation of the service's OpenAPI document,
    positive and negative data, also on the path parameters `known` names (things that exist),
    sent with the `auth` headers; the failures, one text each (empty when none)."""

    async def run(runtime: Runtime, known: Mapping[str, str], auth: Mapping[str, str]) -> list[str]:
        loop = asyncio.get_running_loop()
        async with http_client(runtime) as http:
            schema = schemathesis.openapi.from_dict(runtime.app(lifespan=False).openapi())

            def send(case: Case) -> httpx.Response:
                kwargs = case.as_transport_kwargs(base_url=str(http.base_url), headers=dict(auth))
                request = http.request(**_httpx_arguments(kwargs))
                return asyncio.run_coroutine_threadsafe(request, loop).result(timeout=30)

            def every_operation() -> list[str]:
                return [
                    failure
                    for operation in _in_order(schema)
                    for failure in _operation_failures(operation, send, known)
                ]

            started = time.monotonic()
            failures = await asyncio.to_thread(every_operation)
            print(f"\n{runtime.spec.name}: fuzzed in {time.monotonic() - started:.1f} s")
            return failures

    return run
