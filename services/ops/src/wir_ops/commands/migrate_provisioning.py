"""Bringing a service's schema and broker topology up to date before it first runs, so that
its queues exist, and keep the events published for it, even while it is not running."""

from __future__ import annotations

from dataclasses import dataclass

import aio_pika

from wir_kit import topology
from wir_kit.runtime import apply_migrations
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings


@dataclass(frozen=True)
class Provisioned:
    service: str
    applied: list[str]
    queues: list[str]


def queue_bindings(spec: ServiceSpec, settings: Settings) -> list[topology.QueueBinding]:
    """The queues the service's runtime consumes from, named and bound as its consumers are."""
    return [
        topology.QueueBinding(s.queue(settings.service, settings.queue_prefix), s.binding_keys)
        for s in spec.subscriptions
    ]


async def provision(spec: ServiceSpec, settings: Settings) -> Provisioned:
    applied = await apply_migrations(settings, spec)
    bindings = queue_bindings(spec, settings)
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        channel = await connection.channel()
        await topology.declare(channel, settings, bindings)
    finally:
        await connection.close()
    return Provisioned(spec.name, applied, [binding.queue for binding in bindings])
