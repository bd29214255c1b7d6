"""Fixtures of interpreting's integration tests: the service on the real PostgreSQL and RabbitMQ
(without its periodic jobs: a test runs the job it is about itself), its HTTP app, tokens, and
people arriving through intake's events.

Each part of the service adds what only its own tests need in its own `*_support.py` module
next to this one; what several parts share is here. The generic parts (publishing as a producer,
the outbox, tokens, the HTTP client) are the kit's harness (`wir_kit.testing`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from wir_contracts.intake.v1 import PersonRegistered
from wir_interpreting.main import build
from wir_interpreting.settings import InterpretingSettings
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU_TOWN, HEPPENHEIM
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.service import bearer, http_client, publish_and_wait

PUBLIC_URL = "https://wir.example/interpreting"
ALL_CONSENTS = ("processing", "share_with_interpreters")

Headers = Callable[..., dict[str, str]]
RegisterPerson = Callable[..., Awaitable[UUID]]


@pytest.fixture
def interpreting_settings() -> InterpretingSettings:
    return InterpretingSettings(public_url=PUBLIC_URL)


@pytest.fixture
async def interpreting(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory, interpreting_settings: InterpretingSettings
) -> Runtime:
    """Interpreting without its periodic jobs: a test runs the job it is about itself, once."""
    spec = dataclasses.replace(build(interpreting_settings), background=())
    return await wir_runtime(spec, wir_settings(service="interpreting"))


@pytest.fixture
async def http(interpreting: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(interpreting) as client:
        yield client


@pytest.fixture
def headers(interpreting: Runtime) -> Headers:
    """`bearer` of this service: `headers()` for a coordinator of Kreis Bergstraße,
    `headers("interpreter", sub=str(interpreter_id))`, `headers("case_manager", district=...)`."""

    def make(*roles: str, **kwargs: Any) -> dict[str, str]:
        return bearer(interpreting, *(roles or ("coordinator",)), **kwargs)

    return make


@pytest.fixture
def register_person(interpreting: Runtime) -> RegisterPerson:
    """Register a person through intake's event on the broker; waits until it is handled."""

    async def register(
        *,
        person_id: UUID | None = None,
        consents: Sequence[str] = ALL_CONSENTS,
        district: str = BERGSTRASSE,
        languages: Sequence[str] = ("prs", "deu"),
        version: int = 1,
    ) -> UUID:
        person_id = person_id or uuid4()
        event = PersonRegistered(
            district=district,
            person_id=person_id,
            aggregate_version=version,
            municipality=HEPPENHEIM if district == BERGSTRASSE else HANAU_TOWN,
            languages=tuple(languages),
            preferred_language=languages[0],
            consents=tuple(consents),
        )
        await publish_and_wait(interpreting, "person_registered", event)
        return person_id

    return register
