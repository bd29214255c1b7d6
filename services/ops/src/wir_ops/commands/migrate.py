"""`wir migrate`: the schemas and queues of the installed services, before they first run."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Annotated

import aio_pika
import asyncpg
import typer

from wir_kit.migrations import MigrationError
from wir_kit.service import ServiceSpec
from wir_ops.commands.migrate_provisioning import Provisioned, provision
from wir_ops.configuration import service_settings
from wir_ops.output import amqp_client_quiet, fail, say, show, table
from wir_ops.selection import chosen

PROVISIONING_ERRORS = (
    OSError,
    TimeoutError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    aio_pika.exceptions.AMQPError,
    MigrationError,
)


def migrate(
    services: Annotated[
        list[str] | None,
        typer.Argument(help="Services to migrate; default: every installed one.", show_default=False),
    ] = None,
) -> None:
    """Apply each service's migrations and declare its queues, so events wait for it."""
    specs = chosen(services)
    if not specs:
        say("no service is installed: nothing to migrate")
        return
    migrate_all(specs)


def migrate_all(specs: Sequence[ServiceSpec]) -> None:
    done: list[Provisioned] = []
    for spec in specs:
        settings = service_settings(spec)
        try:
            with amqp_client_quiet():
                done.append(asyncio.run(provision(spec, settings)))
        except PROVISIONING_ERRORS as exc:
            _report(done)
            fail(f"migrating {spec.name} failed: {type(exc).__name__}: {exc}")
    _report(done)


def _report(done: Sequence[Provisioned]) -> None:
    if not done:
        return
    rows = [(p.service, "\n".join(p.applied) or "up to date", "\n".join(p.queues) or "none") for p in done]
    show(table(("Service", "Applied now", "Queues"), rows, title="Migrations"))
