"""Publishing with publisher confirms and mandatory routing, on a connection of its own.

A confirm only says the broker took the message; `mandatory` plus `on_return_raises` makes a
message that no queue receives an error, so an event is never marked sent into the void.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractRobustConnection,
    DeliveryMode,
)
from aiormq.exceptions import ChannelNotFoundEntity, DeliveryError, PublishError

#: How long cancelled publishes of a batch get to end before the batch gives up on them.
_CANCEL_GRACE_S = 1.0


class Unroutable(RuntimeError):
    """No queue is bound to the routing key of a mandatory message."""


class NotConfirmed(RuntimeError):
    """The broker refused (nacked) a message."""


@dataclass(frozen=True)
class Outgoing:
    exchange: str
    routing_key: str
    body: bytes
    message_id: str
    type: str | None = None
    correlation_id: str | None = None
    app_id: str | None = None
    timestamp: datetime | None = None
    headers: dict[str, str | int] = field(default_factory=dict)

    @classmethod
    def copy_of(
        cls,
        raw: AbstractIncomingMessage,
        exchange: str,
        routing_key: str,
        headers: dict[str, str | int],
    ) -> Outgoing:
        """An incoming message sent on (to a retry queue, a DLQ, back from a DLQ): the same
        body and ids, with `headers` in place of the original's."""
        return cls(
            exchange=exchange,
            routing_key=routing_key,
            body=raw.body,
            message_id=raw.message_id or "",
            type=raw.type,
            correlation_id=raw.correlation_id,
            app_id=raw.app_id,
            timestamp=raw.timestamp,
            headers=headers,
        )

    def message(self) -> aio_pika.Message:
        return aio_pika.Message(
            self.body,
            content_type="application/json",
            delivery_mode=DeliveryMode.PERSISTENT,
            message_id=self.message_id,
            type=self.type,
            correlation_id=self.correlation_id,
            app_id=self.app_id,
            timestamp=self.timestamp,
            headers=dict(self.headers),
        )


class Publisher:
    """One robust connection with one confirming channel; many messages in flight at once."""

    def __init__(
        self, url: str, name: str, *, confirm_timeout_s: float = 30.0, reconnect_s: float = 1.0
    ) -> None:
        self._url = url
        self._name = name
        self._reconnect_s = reconnect_s
        # A confirm that never comes (a broker stuck in a disk or memory alarm) must not hold the
        # relay, or a shutdown waiting for it, forever: the row stays due and goes out again.
        self._confirm_timeout_s = confirm_timeout_s
        self._connection: AbstractRobustConnection | None = None
        self._channel: AbstractChannel | None = None
        self._exchanges: dict[str, AbstractExchange] = {}

    async def start(self) -> None:
        self._connection = await aio_pika.connect_robust(
            self._url, client_properties={"connection_name": self._name}, reconnect_interval=self._reconnect_s
        )
        self._channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
        self._connection = self._channel = None
        self._exchanges.clear()

    @property
    def channel(self) -> AbstractChannel:
        if self._channel is None:
            raise RuntimeError("publisher not started")
        return self._channel

    async def publish(self, outgoing: Outgoing) -> None:
        """Publish one message and wait for its confirm; raise if it was not routed or confirmed."""
        async with asyncio.timeout(self._confirm_timeout_s):
            await self._publish(outgoing)

    async def publish_many(self, batch: Sequence[Outgoing]) -> list[BaseException | None]:
        """Publish all with confirms in flight together; one result per message, in order. One
        timer for the batch (not one per message): a confirm not back by then is a TimeoutError."""
        if not batch:
            return []
        sending = [asyncio.ensure_future(self._publish(o)) for o in batch]
        try:
            await asyncio.wait(sending, timeout=self._confirm_timeout_s)
        finally:
            # Past the timer, or the relay is being cancelled: none may outlive the batch.
            late = {task for task in sending if not task.done()}
            for task in late:
                task.cancel()
        if late:
            # Bounded too: a publish caught in the robust connection's reconnect can swallow its
            # cancel, and an unbounded wait here once left a relay silent for good.
            _, stuck = await asyncio.wait(late, timeout=_CANCEL_GRACE_S)
            for task in stuck:
                task.add_done_callback(_forget)
        return [_outcome(task) for task in sending]

    async def _publish(self, outgoing: Outgoing) -> None:
        exchange = self._exchanges.get(outgoing.exchange)
        if exchange is None:
            exchange = await self._exchange(outgoing.exchange)
        try:
            await exchange.publish(outgoing.message(), outgoing.routing_key, mandatory=True)
        except PublishError as exc:
            raise Unroutable(outgoing.routing_key) from exc
        except DeliveryError as exc:
            raise NotConfirmed(outgoing.routing_key) from exc

    async def _exchange(self, name: str) -> AbstractExchange:
        # One object per name: building it for every message shows on the event hop. The robust
        # channel behind it survives reconnects, so the objects stay valid.
        channel = self.channel
        exchange = channel.default_exchange if name == "" else await channel.get_exchange(name, ensure=False)
        self._exchanges[name] = exchange
        return exchange

    async def message_count(self, queue: str) -> int | None:
        """How many messages wait in `queue`; None if it does not exist. On a channel of its own,
        since asking about a missing queue closes the channel."""
        underlay = await self.channel.get_underlay_channel()
        channel = await underlay.connection.channel()
        try:
            declared = await channel.queue_declare(queue, passive=True)
        except ChannelNotFoundEntity:
            return None
        finally:
            if not channel.is_closed:
                await channel.close()
        return declared.message_count

    async def ping(self) -> bool:
        return self._connection is not None and not self._connection.is_closed


def _outcome(task: asyncio.Task[None]) -> BaseException | None:
    if not task.done() or task.cancelled():
        return TimeoutError("no confirm in time")
    return task.exception()


def _forget(task: asyncio.Task[None]) -> None:
    """Collect the outcome of a publish the batch no longer waits for, so it is not reported
    as an exception never retrieved; its row is still due and goes out again."""
    if not task.cancelled():
        task.exception()
