"""The fixed quorum queues of `quorum_service`: the same names each time, purged, not deleted."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from wir_ops.commands.migrate_provisioning import provision

from . import broker
from .conftest import Service

QuorumService = Callable[..., Awaitable[Service]]


async def test_quorum_queues_are_fixed_and_kept_and_their_messages_purged(
    quorum_service: QuorumService,
) -> None:
    first = await quorum_service()
    await provision(first.spec, first.settings)
    await broker.publish_event(first.settings, broker.note())
    assert await broker.count(first.settings, first.queue) == 1
    again = await quorum_service()

    assert again.queue == first.queue
    assert again.settings.queue_type == "quorum"
    assert await broker.count(again.settings, again.queue) == 0  # purged, still there
