"""The composition root of one service process: pool, broker, relay and HTTP app, wired once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import FastAPI
from faststream.rabbit import RabbitBroker

from wir_kit import topology
from wir_kit.broker import build_broker
from wir_kit.consuming import Deliveries
from wir_kit.db import Db
from wir_kit.districts import load_extra_districts
from wir_kit.http import create_app
from wir_kit.logging import get_logger
from wir_kit.migrations import ensure_database, migrate
from wir_kit.publisher import Publisher
from wir_kit.relay import Relay
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings
from wir_kit.settling import Settler
from wir_kit.subscriptions import Consumer

log = get_logger("wir_kit.runtime")

#: A job still running at the stop's deadline is cancelled again this often, this long apart.
_RECANCELS = 3
_RECANCEL_WAIT_S = 0.5


async def apply_migrations(settings: Settings, spec: ServiceSpec) -> list[str]:
    await ensure_database(settings.database_admin_url)
    admin = await asyncpg.connect(settings.database_admin_url)
    try:
        return await migrate(
            admin,
            settings.pg_schema,
            settings.database_app_password,
            spec.migration_files(),
            extensions=spec.extensions,
            relay_password=settings.relay_password,
        )
    finally:
        await admin.close()


class Runtime:
    """Everything one service process holds; `start` and `stop` in the app's lifespan."""

    def __init__(self, spec: ServiceSpec, settings: Settings, *, relay: type[Relay] = Relay) -> None:
        self.spec = spec
        self.settings = settings
        self._db: Db | None = None
        self.settle_publisher = _publisher(settings, "settle")
        self.relay_publisher = _publisher(settings, "relay")
        self.relay = relay(settings, self.relay_publisher)
        self._relay_task: asyncio.Task[None] | None = None
        self._background: list[asyncio.Task[None]] = []
        self.consumers = [
            Consumer(lambda: self.db, settings.service, s, prefix=settings.queue_prefix)
            for s in spec.subscriptions
        ]
        self.deliveries = Deliveries(settings, Settler(settings, self.settle_publisher), self.consumers)
        #: Describes the subscribers for the AsyncAPI document; never started.
        self.broker: RabbitBroker = build_broker(settings, self.consumers)

    @property
    def db(self) -> Db:
        if self._db is None:
            raise RuntimeError("runtime not started")
        return self._db

    async def start(self) -> None:
        load_extra_districts(self.settings)
        if self.settings.migrate_on_start:
            applied = await apply_migrations(self.settings, self.spec)
            log.info("migrations applied", count=len(applied))
        self._db = await Db.connect(self.settings)
        self._db.relay = self.relay
        await self.settle_publisher.start()
        await self.relay_publisher.start()
        bindings = [topology.QueueBinding(c.queue, c.subscription.binding_keys) for c in self.consumers]
        await topology.declare(self.settle_publisher.channel, self.settings, bindings)
        await self.deliveries.start()
        self._relay_task = asyncio.create_task(self.relay.run(), name=f"{self.settings.service}-relay")
        self._background = [
            asyncio.create_task(job(self), name=f"{self.settings.service}-job-{index}")
            for index, job in enumerate(self.spec.background)
        ]
        log.info("service started", subscriptions=len(self.consumers))

    async def stop(self) -> None:
        if self._db is None:
            return
        # One deadline for the whole stop, not one per step: handlers, relay and pool each
        # waiting their own grace period once overran Kubernetes' 30 s before SIGKILL.
        deadline = asyncio.get_running_loop().time() + self.settings.graceful_timeout_s
        await _cancel(self._background, deadline)
        # Consumers first, so in-flight handlers can still commit.
        await _until(deadline, self.deliveries.stop())
        self.relay.stop()
        if self._relay_task is not None:
            # A relay stuck on an unresponsive broker or database must not keep the process up;
            # whatever it had not marked published stays due in the outbox.
            await asyncio.wait({self._relay_task}, timeout=_left(deadline))
            self._relay_task.cancel()
            await asyncio.wait({self._relay_task})
        await self.relay_publisher.close()
        await self.settle_publisher.close()
        if self._db is not None:
            await self._db.close(timeout_s=_left(deadline))
            self._db = None
        log.info("service stopped")

    async def ready_db(self) -> bool:
        return self._db is not None and await self._db.ping()

    async def ready_broker(self) -> bool:
        return await self.deliveries.ping() and await self.settle_publisher.ping()

    async def ready_consumers(self) -> bool:
        return await self.deliveries.attached()

    @asynccontextmanager
    async def lifespan(self, _app: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    def app(self, *, lifespan: bool = True) -> FastAPI:
        """The service's HTTP app; without `lifespan` it serves a runtime started elsewhere
        (a test's, or the operator CLI's)."""
        return create_app(
            self.settings,
            title=f"WIR {self.spec.name}",
            version=self.spec.version,
            lifespan=self.lifespan if lifespan else None,
            # HTTP needs the database only: the outbox absorbs a broker outage, so the API and
            # the public share links stay up; the event side is reported on its own.
            readiness={"database": self.ready_db},
            informational={"broker": self.ready_broker, "consumers": self.ready_consumers},
            routers=self.spec.routers,
            errors=self.spec.errors,
            resources=self,
            service_settings=self.spec.settings,
        )


def _publisher(settings: Settings, role: str) -> Publisher:
    return Publisher(
        settings.amqp_url,
        f"wir-{settings.service}-{role}",
        confirm_timeout_s=settings.broker_timeout_s,
        reconnect_s=settings.broker_reconnect_s,
    )


def _left(deadline: float) -> float:
    return max(0.0, deadline - asyncio.get_running_loop().time())


async def _cancel(tasks: list[asyncio.Task[None]], deadline: float) -> None:
    """Cancel the background jobs and wait for them until `deadline` (a job may drain its work
    first); past it, cancel again those still running: a cancel swallowed by a job or a library
    must not hold the stop for ever. One that survives that too is logged and left behind."""
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=_left(deadline))
    for _ in range(_RECANCELS):
        running = [task for task in tasks if not task.done()]
        if not running:
            break
        for task in running:
            task.cancel()
        await asyncio.wait(running, timeout=_RECANCEL_WAIT_S)
    for task in tasks:
        if not task.done():
            log.error("background job did not stop", job=task.get_name())
        elif not task.cancelled() and task.exception() is not None:
            log.error("background job failed", job=task.get_name(), error=type(task.exception()).__name__)


async def _until(deadline: float, work: Coroutine[Any, Any, None]) -> None:
    """`work` until `deadline`; past it, cancelled: the stop goes on without it."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout_at(deadline):
            await work
