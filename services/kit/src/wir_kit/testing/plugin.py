"""pytest fixtures for services built on the kit (registered as the `wir_kit` pytest plugin).

Each test gets its own Postgres schema (with its own roles) and its own exchange and queue
names, so tests neither see nor disturb each other's rows and messages.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import aio_pika
import asyncpg
import pytest

from wir_kit import topology
from wir_kit.migrations import drop_schema
from wir_kit.relay import Relay
from wir_kit.runtime import Runtime
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings
from wir_kit.testing.infrastructure import postgres_url, rabbitmq_url

SettingsFactory = Callable[..., Settings]
RuntimeFactory = Callable[..., Awaitable[Runtime]]


@pytest.fixture(scope="session")
def wir_database_url() -> Iterator[str]:
    with postgres_url() as url:
        yield url


@pytest.fixture(scope="session")
def wir_amqp_url() -> Iterator[str]:
    with rabbitmq_url() as url:
        yield url


class _Made:
    """What a test created, so that teardown removes exactly that."""

    def __init__(self) -> None:
        self.settings: list[Settings] = []
        self.runtimes: list[Runtime] = []
        self.queues: dict[str, list[str]] = {}


@pytest.fixture
async def _wir_made(wir_database_url: str, wir_amqp_url: str) -> AsyncIterator[_Made]:
    made = _Made()
    yield made
    for runtime in reversed(made.runtimes):
        await runtime.stop()
    admin = await asyncpg.connect(wir_database_url)
    try:
        for schema in {s.pg_schema for s in made.settings}:
            await drop_schema(admin, schema)
    finally:
        await admin.close()
    connection = await aio_pika.connect(wir_amqp_url)
    try:
        channel = await connection.channel()
        for settings in {s.exchange: s for s in made.settings}.values():
            queues = [
                q
                for s in made.settings
                if s.exchange == settings.exchange
                for q in made.queues.get(s.service, [])
            ]
            await topology.delete(channel, settings, queues)
    finally:
        await connection.close()


@pytest.fixture
def wir_settings(wir_database_url: str, wir_amqp_url: str, _wir_made: _Made) -> SettingsFactory:
    """Make settings for a test service: unique schema, roles, exchange; fast timings."""
    run = uuid.uuid4().hex[:8]

    def make(service: str = "svc", **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "env": "test",
            "service": f"t{run}_{service}",
            "database_admin_url": wir_database_url,
            "amqp_url": wir_amqp_url,
            "exchange": f"wir.t{run}",
            "retry_delays_ms": [100, 200],
            "relay_lock_poll_s": 0.2,
            "relay_idle_poll_s": 1.0,
            "relay_retry_s": 0.5,
            "graceful_timeout_s": 5.0,
            "log_json": True,
            **overrides,
        }
        settings = Settings(**values)
        _wir_made.settings.append(settings)
        return settings

    return make


@pytest.fixture
def wir_runtime(_wir_made: _Made) -> RuntimeFactory:
    """Start a service's runtime (migrations, broker, relay; no HTTP server); stopped at teardown."""

    async def start(spec: ServiceSpec, settings: Settings, *, relay: type[Relay] = Relay) -> Runtime:
        runtime = Runtime(spec, settings, relay=relay)
        _wir_made.queues.setdefault(settings.service, []).extend(c.queue for c in runtime.consumers)
        await runtime.start()
        _wir_made.runtimes.append(runtime)
        return runtime

    return start
