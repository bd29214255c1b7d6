"""pytest fixtures for services built on the kit (registered as the `wir_kit` pytest plugin).

Each test gets its own Postgres schema (with its own roles) and its own exchange and queue
names, so tests neither see nor disturb each other's rows and messages.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from types import FrameType
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


@pytest.hookimpl(hookwrapper=True, optionalhook=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> Generator[None]:
    """When pytest-timeout ends a hung test, print what every asyncio task was waiting for:
    its own dump shows only the event loop idling in select()."""
    yield
    fail = signal.getsignal(signal.SIGALRM)
    if not callable(fail):
        return

    def dump_tasks_then_fail(signum: int, frame: FrameType | None) -> None:
        loop = asyncio._get_running_loop()  # noqa: SLF001 - the loop the handler interrupted
        if loop is not None:
            for task in asyncio.all_tasks(loop):
                sys.stderr.write(f"--- asyncio task {task.get_name()}, awaiting:\n")
                sys.stderr.writelines(_await_chain(task.get_coro()))
        fail(signum, frame)

    signal.signal(signal.SIGALRM, dump_tasks_then_fail)


def _await_chain(awaitable: object) -> Iterator[str]:
    """`File …, line …, in …` for each coroutine down the chain of awaits (a task's own stack
    shows only its outermost one)."""
    while awaitable is not None:
        frame = getattr(awaitable, "cr_frame", None) or getattr(awaitable, "gi_frame", None)
        if frame is not None:
            yield f'  File "{frame.f_code.co_filename}", line {frame.f_lineno}, in {frame.f_code.co_name}\n'
        awaitable = getattr(awaitable, "cr_await", None) or getattr(awaitable, "gi_yieldfrom", None)


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
            # A test run declares and deletes tens of thousands of queues; as quorum queues (a Raft
            # cluster each) they wore the local RabbitMQ 3.10 down until it hung. Tests of what
            # only quorum queues do (the delivery limit) ask for them.
            "queue_type": "classic",
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
