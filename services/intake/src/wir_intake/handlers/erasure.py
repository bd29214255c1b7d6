"""Erasure confirmations, intake's own among them."""

from __future__ import annotations

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.intake.v1 import PersonErasureRequested
from wir_contracts.services import Service
from wir_intake.commands import erasure
from wir_kit.db import Tx


async def on_erasure_requested(event: PersonErasureRequested, tx: Tx) -> None:
    """Intake confirms its own erasure through the same event as every other service."""
    await erasure.erase_own_remains(tx, event.person_id, event.request_id)


async def on_erasure_completed(event: ErasureCompleted, tx: Tx) -> None:
    """Keep the proof that a service finished erasing; complete the request with the last one."""
    await erasure.confirm(
        tx, event.request_id, event.person_id, Service(event.producer), event.event_id, event.occurred_at
    )
