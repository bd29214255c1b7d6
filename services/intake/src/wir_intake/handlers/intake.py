"""Intake's own events: a requested erasure is confirmed like every other service's."""

from __future__ import annotations

from typing import Any

from wir_contracts.intake.v1 import PersonErasureRequested
from wir_intake.commands import erasure
from wir_intake.settings import IntakeSettings
from wir_kit import Subscription, Tx


async def on_erasure_requested(event: PersonErasureRequested, tx: Tx) -> None:
    """Intake confirms its own erasure through the same event as every other service."""
    await erasure.erase_own_remains(tx, event.person_id, event.request_id)


def subscriptions(settings: IntakeSettings) -> list[Subscription[Any]]:
    """Intake's part of an erasure; it needs nothing of the settings."""
    return [Subscription("erasure_requested", PersonErasureRequested, on_erasure_requested)]
