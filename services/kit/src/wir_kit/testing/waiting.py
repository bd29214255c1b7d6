"""Waiting for what the broker and the database will show, without fixed sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

T = TypeVar("T")


async def eventually(probe: Callable[[], Awaitable[T]], *, timeout: float = 10.0) -> T:  # noqa: ASYNC109
    """The first truthy result of `probe`, polled until `timeout` (a bound, not a measurement)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = await probe()
        if result or loop.time() > deadline:
            return result
        await asyncio.sleep(0.05)


async def get_one(amqp_url: str, queue: str, *, timeout: float = 10.0) -> AbstractIncomingMessage | None:  # noqa: ASYNC109
    """Take one message off a queue (acked), or None when none arrives in time."""
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        source = await channel.get_queue(queue, ensure=False)

        async def probe() -> AbstractIncomingMessage | None:
            return await source.get(no_ack=True, fail=False)

        return await eventually(probe, timeout=timeout)
    finally:
        await connection.close()
