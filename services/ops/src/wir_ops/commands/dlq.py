"""`wir dlq`: inspect, replay and purge dead-letter queues without reading payloads."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

import aio_pika
import typer
from rich.table import Table
from rich.text import Text

from wir_kit.topology import dlq_name, unrouted_queue
from wir_ops.commands import dlq_queues
from wir_ops.commands.dlq_letters import ENVELOPE_FIELDS, DeadLetter
from wir_ops.configuration import load_settings, service_settings
from wir_ops.output import amqp_client_quiet, fail, say, show, table
from wir_ops.selection import chosen

T = TypeVar("T")

app = typer.Typer(
    help="Inspect, replay and purge dead-letter queues, and the queue of unrouted events.",
    no_args_is_help=True,
)

QueueArgument = Annotated[
    str, typer.Argument(help="The dead-letter queue, e.g. intake.x.dlq, or the unrouted queue.")
]
DLQ_SUFFIX = dlq_name("")
UNROUTED = "(unrouted)"


def _broker(operation: Coroutine[Any, Any, T]) -> T:
    """Run one broker operation; a missing queue or an unreachable broker is one line."""
    try:
        with amqp_client_quiet():
            return asyncio.run(operation)
    except dlq_queues.QueueMissing as exc:
        fail(str(exc))
    except (OSError, TimeoutError, aio_pika.exceptions.AMQPError) as exc:
        fail(f"RabbitMQ: {type(exc).__name__}: {exc}")


def _only_dead_letters(name: str) -> None:
    """Replaying from or purging a live queue would take events from their consumer."""
    if not name.endswith(DLQ_SUFFIX) and name != unrouted_queue(load_settings()):
        fail(f"{name} is not a dead-letter queue (their names end in {DLQ_SUFFIX})", code=2)


def _age(oldest: datetime | None) -> str:
    if oldest is None:
        return "-"
    seconds = max(0, int((datetime.now(UTC) - oldest).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m {seconds}s" if minutes else f"{seconds}s"


@app.command("list")
def list_queues(
    queue: Annotated[
        list[str] | None,
        typer.Option(help="Another dead-letter queue to count (repeat for more).", show_default=False),
    ] = None,
) -> None:
    """Every dead-letter queue of the installed services and the installation's queue of
    unrouted events, with message count and the age of the oldest message."""
    queues = dlq_queues.of_services([(spec, service_settings(spec)) for spec in chosen(None)])
    known = {q.name for q in queues}
    queues += [dlq_queues.DeadLetterQueue(name, None) for name in queue or () if name not in known]
    if not queues:
        say("no dead-letter queues: no service is installed (name one with --queue)")
        return
    settings = load_settings()
    queues.append(dlq_queues.DeadLetterQueue(unrouted_queue(settings), UNROUTED))
    states = _broker(dlq_queues.states(settings.amqp_url, [q.name for q in queues]))
    rows = []
    for q in queues:
        state = states[q.name]
        count, age = ("missing", "-") if state is None else (str(state.count), _age(state.oldest))
        rows.append((q.name, q.service or "-", count, age))
    show(table(("Dead-letter queue", "Service", "Messages", "Oldest"), rows))


@app.command("show")
def show_letters(
    queue: QueueArgument,
    limit: Annotated[int, typer.Option(min=1, help="At most this many messages.")] = 10,
    envelope: Annotated[
        bool, typer.Option("--envelope", help="Also the envelope's fields (never the payload).")
    ] = False,
) -> None:
    """Show dead letters without removing them: ids, type, district, reason; no payload."""
    peeked = _broker(dlq_queues.peek(load_settings().amqp_url, queue, limit))
    if not peeked.letters:
        say(f"{queue} holds no messages")
        return
    for number, letter in enumerate(peeked.letters, start=1):
        say(f"-- dead letter {number} --")
        show(_letter(letter, envelope=envelope))
    say(f"{len(peeked.letters)} of {peeked.total} shown; every message is still in {queue}")


def _letter(letter: DeadLetter, *, envelope: bool) -> Table:
    fields = [
        ("event id", letter.event_id),
        ("type", letter.event_type),
        ("routing key", letter.routing_key),
        ("district", letter.district),
        ("attempts", None if letter.attempts is None else str(letter.attempts)),
        ("reason", letter.reason),
        ("dead-lettered at", letter.dead_lettered_at),
        ("died in", letter.origin_queue),
    ]
    if envelope:
        fields += [(f"envelope.{name}", letter.envelope.get(name)) for name in ENVELOPE_FIELDS]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for name, value in fields:
        grid.add_row(name, Text(value or "-"))
    return grid


@app.command()
def replay(
    queue: QueueArgument,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many; default: all.", show_default=False)
    ] = None,
    event_id: Annotated[
        str | None, typer.Option(help="Only the message with this event id.", show_default=False)
    ] = None,
) -> None:
    """Move dead letters back to the queue they died in, with a fresh retry budget (unrouted
    events: publish them again, for consumers installed since)."""
    _only_dead_letters(queue)
    settings = load_settings()
    exchange = settings.exchange if queue == unrouted_queue(settings) else None
    try:
        replayed = _broker(
            dlq_queues.replay(settings.amqp_url, queue, limit=limit, event_id=event_id, exchange=exchange)
        )
    except dlq_queues.ReplayStopped as exc:
        fail(str(exc))
    say(f"replayed {replayed.count} message(s) from {queue}")
    if replayed.without_origin:
        fail(f"{replayed.without_origin} message(s) name no queue they died in; left in {queue}")


@app.command()
def purge(
    queue: QueueArgument,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every message of a dead-letter queue."""
    _only_dead_letters(queue)
    url = load_settings().amqp_url
    if not yes:
        count = _broker(dlq_queues.message_count(url, queue))
        typer.confirm(f"Delete all {count} message(s) of {queue}?", abort=True)
    purged = _broker(dlq_queues.purge(url, queue))
    say(f"purged {purged} message(s) from {queue}")
