"""What a service is made of, declared once by each service package's `main.build`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any

from fastapi import APIRouter

from wir_contracts.envelope import Event
from wir_kit.db import Db
from wir_kit.http_errors import Answer
from wir_kit.migrations import Migration, migrations_in
from wir_kit.resources import Resources
from wir_kit.subscriptions import Subscription

#: A long-running task of a service (a periodic check, a sender), started after the broker and
#: cancelled at stop; it must survive its own errors.
Job = Callable[[Resources], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class ServiceSpec:
    """A service: its name and port, its migrations, what it consumes and serves."""

    name: str
    port: int
    migrations: Traversable | None = None
    subscriptions: Sequence[Subscription[Any]] = ()
    #: The events the service writes to its outbox: documented in its AsyncAPI document.
    publishes: Sequence[type[Event]] = ()
    #: Postgres extensions the migrations need (e.g. pg_trgm), created by the admin connection.
    extensions: Sequence[str] = ()
    #: Module-level routers; they reach the database and settings through `wir_kit.api`'s
    #: dependencies, never through a closure.
    routers: Sequence[APIRouter] = ()
    #: How the service's named domain errors answer over HTTP, registered once by the app
    #: factory (see `wir_kit.http_errors`); a route lets them propagate.
    errors: Mapping[type[Exception], Answer] = field(default_factory=dict)
    #: The service's own settings, read once by `build`; routes get them via `settings_of`.
    settings: Any = None
    #: Creates the demo district's records idempotently; returns how many it created.
    seed_demo: Callable[[Db], Awaitable[int]] | None = None
    background: Sequence[Job] = ()
    version: str = "0.1.0"
    description: str = ""

    def migration_files(self) -> list[Migration]:
        return [] if self.migrations is None else migrations_in(self.name, self.migrations)
