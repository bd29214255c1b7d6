"""Fixtures of the CLI's tests: a sample service per test, installed by monkeypatching, and
the CLI invoked in a worker thread, because its commands run their own event loops."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import pytest
from click.testing import Result
from typer.testing import CliRunner

from wir_kit import topology
from wir_kit.migrations import drop_schema
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings, environ
from wir_kit.testing import sample
from wir_kit.testing.plugin import SettingsFactory
from wir_ops import registry
from wir_ops.cli import app
from wir_ops.commands import run_web

Invoke = Callable[..., Awaitable[Result]]


@dataclass(frozen=True)
class Service:
    """A sample service whose name is its settings' unique service name."""

    settings: Settings
    spec: ServiceSpec

    @property
    def queue(self) -> str:
        return self.spec.subscriptions[0].queue(self.settings.service)

    @property
    def dlq(self) -> str:
        return topology.dlq_name(self.queue)

    @property
    def env(self) -> dict[str, str]:
        """The settings as the CLI reads them: from `WIR_*`, the service name from its spec."""
        return {k: v for k, v in environ(self.settings).items() if k != "WIR_SERVICE"}


@dataclass(frozen=True)
class Registered:
    """An entry point as an installed package would provide it: naming its `main.build`."""

    spec: ServiceSpec

    @property
    def name(self) -> str:
        return self.spec.name

    def load(self) -> Callable[[], ServiceSpec]:
        return self.build

    def build(self) -> ServiceSpec:
        return self.spec


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Make exactly these services the installed ones, and no web app."""

    def installed(*specs: ServiceSpec) -> None:
        monkeypatch.setattr(registry, "entries", lambda: {spec.name: Registered(spec) for spec in specs})
        monkeypatch.setattr(run_web, "installed", lambda: False)

    return installed


@pytest.fixture
async def make_service(
    wir_settings: SettingsFactory, tmp_path: Path
) -> AsyncIterator[Callable[..., Service]]:
    """Sample services with their own schema, exchange and queues, removed after the test."""
    made: list[Service] = []

    def make(name: str = "svc", settings: dict[str, Any] | None = None, **spec_options: Any) -> Service:
        settings_ = wir_settings(name, **(settings or {}))
        folder = sample.copy_migrations(tmp_path / settings_.service)
        service = Service(settings_, sample.spec(settings_.service, migrations=folder, **spec_options))
        made.append(service)
        return service

    yield make
    connection = await aio_pika.connect(made[0].settings.amqp_url) if made else None
    if connection is not None:
        try:
            channel = await connection.channel()
            for service in made:
                await topology.delete(channel, service.settings, [service.queue])
        finally:
            await connection.close()


#: The sample service whose queues are quorum queues: declared once per broker and kept.
QUORUM_SERVICE = "ops_quorum"


@pytest.fixture
async def quorum_service(
    wir_settings: SettingsFactory, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[Service]]]:
    """A sample service on a small FIXED set of long-lived quorum queues, purged before and after
    the test, never deleted: for what only quorum queues do (the delivery limit). Declaring and
    deleting quorum queues per test (a Raft cluster each) wedged the local RabbitMQ 3.10.

    Service, exchange and so every queue name are the same in every run (not the test run's
    unique ones, which would leave a new set behind each time); they carry a digest of the
    queues' arguments, so a change of the topology's arguments gets a new fixed set instead of a
    declaration the broker refuses. The fixed schema is dropped before and after the test. Use:
    `service = await quorum_service(settings={"delivery_limit": 1})`."""
    made: list[Service] = []

    async def make(settings: dict[str, Any] | None = None, **spec_options: Any) -> Service:
        options = {"delivery_limit": 1, **(settings or {}), "queue_type": "quorum"}
        # Arguments as under fixed names: the factory's unique exchange must not reach the digest.
        probe = wir_settings("probe", **options).model_copy(
            update={"service": QUORUM_SERVICE, "exchange": f"wir.{QUORUM_SERVICE}"}
        )
        arguments = {
            "queue": topology.queue_arguments(probe, "q"),
            "dlq": topology.dlq_arguments(probe),
            "delays": probe.retry_delays_ms,
        }
        digest = hashlib.sha256(json.dumps(arguments, sort_keys=True, default=str).encode()).hexdigest()[:8]
        name = f"{QUORUM_SERVICE}_{digest}"
        # Not made by the factory: its teardown would delete the queues this fixture keeps.
        fixed = probe.model_copy(update={"service": name, "exchange": f"wir.{name}"})
        folder = sample.copy_migrations(tmp_path / name)
        service = Service(fixed, sample.spec(name, migrations=folder, **spec_options))
        made.append(service)
        await _reset(service)  # what an interrupted run left
        return service

    yield make
    for service in made:
        await _reset(service)


async def _reset(service: Service) -> None:
    """Drop the fixed service's schema and empty its queues (they stay declared)."""
    admin = await asyncpg.connect(service.settings.database_admin_url)
    try:
        await drop_schema(admin, service.settings.pg_schema)
    finally:
        await admin.close()
    settings = service.settings
    queues = [
        service.queue,
        service.dlq,
        topology.unrouted_queue(settings),
        *(topology.retry_queue_name(settings, delay) for delay in settings.retry_delays_ms),
    ]
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        for name in queues:
            # A queue not declared yet (a fresh broker) closes the channel: one channel each.
            channel = await connection.channel()
            with contextlib.suppress(aio_pika.exceptions.ChannelClosed):
                await (await channel.get_queue(name, ensure=True)).purge()
    finally:
        await connection.close()


@pytest.fixture
def cli() -> Invoke:
    runner = CliRunner()

    async def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return await asyncio.to_thread(runner.invoke, app, list(args), env=env, input=input)

    return invoke
