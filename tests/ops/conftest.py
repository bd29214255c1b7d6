"""Fixtures of the CLI's tests: a sample service per test, installed by monkeypatching, and
the CLI invoked in a worker thread, because its commands run their own event loops."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from click.testing import Result
from typer.testing import CliRunner

from wir_kit import topology
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings, environ
from wir_kit.testing import sample
from wir_kit.testing.plugin import SettingsFactory
from wir_ops import registry
from wir_ops.cli import app

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
    """Make exactly these services the installed ones."""

    def installed(*specs: ServiceSpec) -> None:
        monkeypatch.setattr(registry, "entries", lambda: {spec.name: Registered(spec) for spec in specs})

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


@pytest.fixture
def cli() -> Invoke:
    runner = CliRunner()

    async def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return await asyncio.to_thread(runner.invoke, app, list(args), env=env, input=input)

    return invoke
