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
from wir_ops.commands.migrate_provisioning import Provisioned, provision, queue_bindings
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
    remove_old_retry_queues: Annotated[
        bool,
        typer.Option(
            "--remove-old-retry-queues",
            help="Delete the empty per-subscriber retry queues of an older installation (once no "
            "replica of that version runs).",
        ),
    ] = False,
) -> None:
    """Apply each service's migrations and declare its queues, so events wait for it; bring an
    older installation's exchange and dead-letter queues to their current shape."""
    specs = chosen(services)
    if not specs:
        say("no service is installed: nothing to migrate")
        return
    migrate_all(specs, remove_old_retry_queues=remove_old_retry_queues)


def migrate_all(specs: Sequence[ServiceSpec], *, remove_old_retry_queues: bool = False) -> None:
    # A recreated exchange loses its bindings: every installed service's are declared again.
    everyone = [b for spec in chosen(None) for b in queue_bindings(spec, service_settings(spec))]
    done: list[Provisioned] = []
    for spec in specs:
        settings = service_settings(spec)
        try:
            with amqp_client_quiet():
                provisioned = provision(
                    spec, settings, everyone=everyone, remove_old_retry_queues=remove_old_retry_queues
                )
                done.append(asyncio.run(provisioned))
        except PROVISIONING_ERRORS as exc:
            _report(done)
            fail(f"migrating {spec.name} failed: {type(exc).__name__}: {exc}")
    _report(done)


def _report(done: Sequence[Provisioned]) -> None:
    if not done:
        return
    rows = [(p.service, "\n".join(p.applied) or "up to date", "\n".join(p.queues) or "none") for p in done]
    show(table(("Service", "Applied now", "Queues"), rows, title="Migrations"))
    for note in (n for p in done for n in p.upgraded):
        say(f"broker: {note}")
    left = [q for p in done for q in p.old_retry_queues]
    if left:
        say(
            f"broker: {len(left)} retry queue(s) of an older installation remain ({', '.join(left)}); "
            "once no older replica runs, `wir migrate --remove-old-retry-queues` deletes the empty ones"
        )
