"""A delivery's way through the kit's consumer, with the broker and the database faked."""

from __future__ import annotations

import asyncio
from typing import Any, cast
from uuid import uuid4

import pytest
from aio_pika.abc import AbstractIncomingMessage
from aiormq.exceptions import ChannelInvalidStateError

from wir_contracts.envelope import Event
from wir_kit.consuming import Deliveries, _Subscriber
from wir_kit.settings import Settings
from wir_kit.settling import Settler
from wir_kit.subscriptions import Consumer, Subscription
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import NoteTaken, record_seen


class Delivered:
    """The parts of an incoming message the consumer uses; records how it was settled."""

    def __init__(self, event: NoteTaken, *, ack_fails: bool = False) -> None:
        self.body = event.model_dump_json().encode()
        self.message_id = str(event.event_id)
        self.ack_fails = ack_fails
        self.settled: list[str] = []

    async def ack(self) -> None:
        if self.ack_fails:
            raise ChannelInvalidStateError("the channel closed meanwhile")
        self.settled.append("ack")

    async def nack(self, requeue: bool = True) -> None:
        if self.ack_fails:
            raise ChannelInvalidStateError("the channel closed meanwhile")
        self.settled.append("requeue" if requeue else "reject")


class Handled:
    """Stands in for a subscription's consumer (inbox claim, handler, commit)."""

    queue = "svc.notes"
    subscription = Subscription("notes", NoteTaken, record_seen)

    def __init__(self, *, fails: bool = False) -> None:
        self.fails = fails
        self.events: list[Event] = []

    async def __call__(self, event: Event) -> None:
        if self.fails:
            raise ConnectionError("downstream unavailable")
        self.events.append(event)


class Settles(Settler):
    """Settles every failure (as a confirmed retry copy would), or none (the broker is away)."""

    def __init__(self, *, succeeds: bool) -> None:
        super().__init__(Settings(env="test"), cast("Any", None))
        self.succeeds = succeeds

    async def settle_patiently(self, raw: AbstractIncomingMessage, queue: str, exc: BaseException) -> bool:
        return self.succeeds


def subscriber(handled: Handled, *, settled: bool = True) -> tuple[Deliveries, _Subscriber]:
    deliveries = Deliveries(Settings(env="test"), Settles(succeeds=settled), [])
    return deliveries, _Subscriber(deliveries, cast("Consumer", handled))


def note() -> NoteTaken:
    return NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="ok")


def incoming(message: Delivered) -> AbstractIncomingMessage:
    return cast("AbstractIncomingMessage", message)


async def test_a_handled_delivery_is_acked_after_its_handler() -> None:
    handled = Handled()
    deliveries, subscription = subscriber(handled)
    message = Delivered(note())

    await subscription.on_message(incoming(message))

    assert message.settled == ["ack"] and len(handled.events) == 1
    assert not deliveries.handling


async def test_a_failed_delivery_is_acked_once_its_copy_is_settled() -> None:
    _, subscription = subscriber(Handled(fails=True))
    message = Delivered(note())

    await subscription.on_message(incoming(message))

    assert message.settled == ["ack"]


async def test_a_failed_delivery_whose_copy_cannot_be_settled_is_requeued() -> None:
    _, subscription = subscriber(Handled(fails=True), settled=False)
    message = Delivered(note())

    await subscription.on_message(incoming(message))

    assert message.settled == ["requeue"]


async def test_an_ack_on_a_lost_channel_is_logged_not_raised() -> None:
    handled = Handled()
    _, subscription = subscriber(handled)

    await subscription.on_message(incoming(Delivered(note(), ack_fails=True)))

    assert len(handled.events) == 1  # the broker redelivers it; the inbox absorbs the copy


async def test_a_requeue_on_a_lost_channel_is_logged_not_raised() -> None:
    _, subscription = subscriber(Handled(fails=True), settled=False)

    await subscription.on_message(incoming(Delivered(note(), ack_fails=True)))


async def test_a_delivery_that_waited_for_its_turn_during_a_stop_is_left_unacked() -> None:
    handled = Handled()
    deliveries, subscription = subscriber(handled)
    deliveries.stopping = True
    message = Delivered(note())

    await subscription.on_message(incoming(message))

    assert message.settled == [] and handled.events == []


async def test_a_handler_over_its_time_limit_is_cancelled_and_settled_as_a_failure() -> None:
    class Slow(Handled):
        async def __call__(self, event: Event) -> None:
            await asyncio.sleep(10)

    deliveries = Deliveries(Settings(env="test", handler_timeout_s=0.05), Settles(succeeds=True), [])
    subscription = _Subscriber(deliveries, cast("Consumer", Slow()))
    message = Delivered(note())

    await asyncio.wait_for(subscription.on_message(incoming(message)), timeout=5)

    assert message.settled == ["ack"]


@pytest.mark.parametrize("body", [b"{}", b"not json"])
async def test_an_unusable_body_never_reaches_the_handler(body: bytes) -> None:
    handled = Handled()
    _, subscription = subscriber(handled)
    message = Delivered(note())
    message.body = body

    await subscription.on_message(incoming(message))

    assert handled.events == [] and message.settled == ["ack"]  # settled: dead-lettered
