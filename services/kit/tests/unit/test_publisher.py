"""An incoming message sent on (to a retry queue, a DLQ, back from a DLQ) in one place."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from aio_pika.abc import AbstractIncomingMessage, DeliveryMode

from wir_kit.publisher import Outgoing, Publisher

SENT_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@dataclass
class Incoming:
    """The parts of an incoming message that are copied."""

    body: bytes = b'{"event_id": "e-1"}'
    headers: dict[str, Any] = field(default_factory=lambda: {"x-death": [{"queue": "q"}], "trace": "t-1"})
    message_id: str | None = "e-1"
    type: str | None = "note_taken"
    correlation_id: str | None = "c-1"
    app_id: str | None = "sample"
    timestamp: datetime | None = SENT_AT


def incoming(message: Incoming) -> AbstractIncomingMessage:
    return cast(AbstractIncomingMessage, message)


def test_a_copy_keeps_body_and_ids_and_takes_the_headers_given() -> None:
    copy = Outgoing.copy_of(incoming(Incoming()), "wir.dlx", "svc.q.dlq", {"x-wir-attempt": 4})

    assert copy == Outgoing(
        exchange="wir.dlx",
        routing_key="svc.q.dlq",
        body=b'{"event_id": "e-1"}',
        message_id="e-1",
        type="note_taken",
        correlation_id="c-1",
        app_id="sample",
        timestamp=SENT_AT,
        headers={"x-wir-attempt": 4},  # the original's headers are replaced, not merged
    )


def test_a_message_without_an_id_is_copied_with_an_empty_one() -> None:
    copy = Outgoing.copy_of(incoming(Incoming(message_id=None, type=None)), "", "svc.q", {})

    assert (copy.message_id, copy.type, copy.headers) == ("", None, {})


def test_the_copy_goes_out_persistent_as_json_with_its_ids() -> None:
    message = Outgoing.copy_of(incoming(Incoming()), "", "svc.q", {"trace": "t-1"}).message()

    assert message.body == b'{"event_id": "e-1"}'
    assert (message.message_id, message.correlation_id, message.type) == ("e-1", "c-1", "note_taken")
    assert message.delivery_mode == DeliveryMode.PERSISTENT
    assert message.content_type == "application/json"
    assert message.headers == {"trace": "t-1"}


class SwallowsItsCancel(Publisher):
    """A publish caught where a cancel is lost (as in a robust connection's reconnect)."""

    def __init__(self) -> None:
        super().__init__("amqp://guest:guest@127.0.0.1:1/", "stubborn", confirm_timeout_s=0.05)
        self.release = asyncio.Event()
        self.cancels = 0

    async def _publish(self, outgoing: Outgoing) -> None:
        while not self.release.is_set():
            try:
                await self.release.wait()
            except asyncio.CancelledError:
                self.cancels += 1


async def test_a_batch_gives_up_on_a_publish_that_swallows_its_cancel() -> None:
    publisher = SwallowsItsCancel()
    outgoing = Outgoing(exchange="wir", routing_key="k", body=b"{}", message_id="e-1")
    try:
        async with asyncio.timeout(10):
            results = await publisher.publish_many([outgoing])
    finally:
        publisher.release.set()
    assert publisher.cancels == 1
    assert [type(r) for r in results] == [TimeoutError]
