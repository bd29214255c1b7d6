"""The broker side of `wir dlq`: counting, peeking at, replaying and purging dead letters."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractQueue
from aiormq.exceptions import ChannelNotFoundEntity

from wir_kit.publisher import NotConfirmed, Publisher, Unroutable
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings
from wir_kit.topology import dlq_name
from wir_ops.commands.dlq_letters import DeadLetter, describe, origin_queue, queued_at, replay_of
from wir_ops.commands.migrate_provisioning import queue_bindings


class QueueMissing(LookupError):
    """No queue of that name exists on the broker."""


class ReplayStopped(RuntimeError):
    """A copy was not routed or not confirmed; it and the rest stay in the DLQ."""

    def __init__(self, replayed: int, target: str, cause: Exception) -> None:
        problem = (
            f"no queue {target} takes it (deleted?)"
            if isinstance(cause, Unroutable)
            else f"the broker refused the copy for {target}"
        )
        super().__init__(f"stopped after {replayed} replayed: {problem}")
        self.replayed = replayed


@dataclass(frozen=True)
class DeadLetterQueue:
    name: str
    service: str | None


@dataclass(frozen=True)
class QueueState:
    count: int
    #: When the message at the head (the oldest) entered the queue, as far as it tells.
    oldest: datetime | None


@dataclass(frozen=True)
class Peeked:
    letters: list[DeadLetter]
    total: int


@dataclass(frozen=True)
class Replayed:
    count: int
    #: Messages that name no queue they died in, left where they are.
    without_origin: int


def of_services(services: Sequence[tuple[ServiceSpec, Settings]]) -> list[DeadLetterQueue]:
    return [
        DeadLetterQueue(dlq_name(binding.queue), spec.name)
        for spec, settings in services
        for binding in queue_bindings(spec, settings)
    ]


@asynccontextmanager
async def _channel(url: str) -> AsyncIterator[AbstractChannel]:
    connection = await aio_pika.connect(url, client_properties={"connection_name": "wir-ops-dlq"})
    try:
        channel = await connection.channel()
        yield channel
        # Closing a channel returns every message it got and did not ack, in place.
        if not channel.is_closed:
            await channel.close()
    finally:
        await connection.close()


async def _existing(channel: AbstractChannel, name: str) -> AbstractQueue:
    try:
        return await channel.declare_queue(name, passive=True)
    except ChannelNotFoundEntity:
        raise QueueMissing(f"no queue named {name}") from None


async def states(url: str, names: Sequence[str]) -> dict[str, QueueState | None]:
    """Each queue's message count and the age of its oldest message (looked at, left in place);
    None for a queue that does not exist."""
    found: dict[str, QueueState | None] = {}
    connection = await aio_pika.connect(url)
    try:
        for name in names:
            # A passive declare of a missing queue closes its channel: one channel each.
            channel = await connection.channel()
            try:
                queue = await channel.declare_queue(name, passive=True)
            except ChannelNotFoundEntity:
                found[name] = None
                continue
            count = queue.declaration_result.message_count or 0
            head = await queue.get(no_ack=False, fail=False) if count else None
            found[name] = QueueState(count, None if head is None else queued_at(head))
            # Closing the channel returns the unacked head to its place.
            await channel.close()
    finally:
        await connection.close()
    return found


async def peek(url: str, name: str, limit: int) -> Peeked:
    """Up to `limit` dead letters, described; every one of them stays in the queue."""
    async with _channel(url) as channel:
        queue = await _existing(channel, name)
        total = queue.declaration_result.message_count or 0
        letters = []
        for _ in range(min(limit, total)):
            message = await queue.get(no_ack=False, fail=False)
            if message is None:
                break
            letters.append(describe(message))
    return Peeked(letters, total)


async def replay(
    url: str,
    name: str,
    *,
    limit: int | None = None,
    event_id: str | None = None,
    exchange: str | None = None,
) -> Replayed:
    """Move dead letters back to the queues they died in (or, with `exchange`, publish them to
    it again under their routing key: unrouted events, once a consumer exists); each is acked
    only once the broker has confirmed and routed its copy, so a failure leaves it in place."""
    publisher = Publisher(url, "wir-ops-dlq-replay")
    await publisher.start()
    try:
        async with _channel(url) as channel:
            queue = await _existing(channel, name)
            # Only what is there now: a replayed event that fails again comes back behind.
            budget = queue.declaration_result.message_count or 0
            count = without_origin = 0
            for _ in range(budget):
                if limit is not None and count >= limit:
                    break
                message = await queue.get(no_ack=False, fail=False)
                if message is None:
                    break
                if event_id is not None and message.message_id != event_id:
                    continue
                target = origin_queue(message.headers or {}) if exchange is None else message.routing_key
                if target is None:
                    without_origin += 1
                    continue
                try:
                    await publisher.publish(replay_of(message, target, exchange=exchange or ""))
                except (Unroutable, NotConfirmed) as exc:
                    raise ReplayStopped(count, target, exc) from exc
                await message.ack()
                count += 1
    finally:
        await publisher.close()
    return Replayed(count, without_origin)


async def purge(url: str, name: str) -> int:
    async with _channel(url) as channel:
        queue = await _existing(channel, name)
        purged = await queue.purge()
    return int(purged.message_count or 0)


async def message_count(url: str, name: str) -> int:
    async with _channel(url) as channel:
        queue = await _existing(channel, name)
        return int(queue.declaration_result.message_count or 0)
