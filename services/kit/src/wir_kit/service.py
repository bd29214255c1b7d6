"""What a service is made of, declared once by each service package."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

from wir_contracts.envelope import Event
from wir_kit.migrations import Migration, migrations_in
from wir_kit.subscriptions import Subscription

if TYPE_CHECKING:
    from wir_kit.db import Db
    from wir_kit.runtime import Runtime


@dataclass(frozen=True)
class ServiceSpec:
    """A service: its name and port, its migrations, what it consumes and serves."""

    name: str
    port: int
    migrations: Traversable | None = None
    #: What the service consumes; a function of the runtime where handlers need wiring
    #: (configuration, clients) that must not be built at import time.
    subscriptions: Sequence[Subscription[Any]] | Callable[[Runtime], Sequence[Subscription[Any]]] = ()
    #: The events the service writes to its outbox: documented in its AsyncAPI document.
    publishes: Sequence[type[Event]] = ()
    #: Postgres extensions the migrations need (e.g. pg_trgm), created by the admin connection.
    extensions: Sequence[str] = ()
    routers: Callable[[Runtime], Sequence[APIRouter]] = lambda _runtime: ()
    #: Creates the demo district's records idempotently; returns how many it created.
    seed_demo: Callable[[Db], Awaitable[int]] | None = None
    #: Long-running tasks of the service (periodic checks, ...), started after the broker and
    #: cancelled at stop. Each gets the runtime and must survive its own errors.
    background: Sequence[Callable[[Runtime], Coroutine[Any, Any, None]]] = ()
    version: str = "0.1.0"
    description: str = ""

    def subscriptions_for(self, runtime: Runtime) -> Sequence[Subscription[Any]]:
        if callable(self.subscriptions):
            return self.subscriptions(runtime)
        return self.subscriptions

    def migration_files(self) -> list[Migration]:
        return [] if self.migrations is None else migrations_in(self.name, self.migrations)
