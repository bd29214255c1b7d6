"""Events every service publishes (`wir_contracts.common`, intake's own among them): the
ErasureCompleted that proves a service erased a person."""

from __future__ import annotations

from typing import Any

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.services import Service
from wir_intake.commands import erasure
from wir_intake.settings import IntakeSettings
from wir_kit import Subscription, Tx


async def on_erasure_completed(event: ErasureCompleted, tx: Tx) -> None:
    """Keep the proof that a service finished erasing; complete the request with the last one."""
    await erasure.confirm(
        tx, event.request_id, event.person_id, Service(event.producer), event.event_id, event.occurred_at
    )


def subscriptions(settings: IntakeSettings) -> list[Subscription[Any]]:
    """The erasure confirmations of every service; they need nothing of the settings."""
    return [Subscription("erasure_completed", ErasureCompleted, on_erasure_completed)]
