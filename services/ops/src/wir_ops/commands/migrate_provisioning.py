"""Bringing a service's schema and broker topology up to date before it first runs, so that
its queues exist, and keep the events published for it, even while it is not running."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import aio_pika

from wir_kit import topology
from wir_kit.runtime import apply_migrations
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings
from wir_ops.commands.migrate_broker import old_retry_queues, upgrade


@dataclass(frozen=True)
class Provisioned:
    service: str
    applied: list[str]
    queues: list[str]
    #: What was brought to the current shape on the broker, one note each.
    upgraded: list[str] = field(default_factory=list)
    #: Subscribers' own retry queues of an older installation, still there.
    old_retry_queues: list[str] = field(default_factory=list)


def queue_bindings(spec: ServiceSpec, settings: Settings) -> list[topology.QueueBinding]:
    """The queues the service's runtime consumes from, named and bound as its consumers are."""
    return [
        topology.QueueBinding(s.queue(settings.service, settings.queue_prefix), s.binding_keys)
        for s in spec.subscriptions
    ]


async def provision(
    spec: ServiceSpec,
    settings: Settings,
    *,
    everyone: Sequence[topology.QueueBinding] = (),
    remove_old_retry_queues: bool = False,
) -> Provisioned:
    """Migrate the schema; upgrade the broker objects of an older installation (binding
    `everyone`'s queues, every installed service's, to a recreated exchange); declare."""
    applied = await apply_migrations(settings, spec)
    bindings = queue_bindings(spec, settings)
    connection = await aio_pika.connect(settings.amqp_url)
    try:
        upgraded = await upgrade(connection, settings, bindings, [*bindings, *everyone])
        channel = await connection.channel()
        await topology.declare(channel, settings, bindings)
        await channel.close()
        left = await old_retry_queues(connection, settings, bindings, remove=remove_old_retry_queues)
    finally:
        await connection.close()
    return Provisioned(spec.name, applied, [binding.queue for binding in bindings], upgraded, left)
