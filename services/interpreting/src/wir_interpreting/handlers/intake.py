"""What interpreting does with intake's events: keep each person's languages, municipality,
consents and the language of an open interpreting need current (each part only when newer),
erase on request and confirm."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from wir_contracts.intake.v1 import (
    ConsentChanged,
    NeedsRecorded,
    PersonErasureRequested,
    PersonRegistered,
    PersonUpdated,
)
from wir_interpreting.commands import people
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Subscription, Tx

E = TypeVar("E")
Handler = Callable[[E, Tx], Awaitable[None]]


async def on_profile(event: PersonRegistered | PersonUpdated, tx: Tx) -> None:
    """Keep where the person lives and the languages they speak; a registration brings consents."""
    await people.apply_profile(
        tx, event.person_id, event.municipality, event.languages, event.aggregate_version
    )
    if isinstance(event, PersonRegistered):
        await people.apply_consents(tx, event.person_id, event.consents, event.aggregate_version)


async def on_consent_changed(event: ConsentChanged, tx: Tx) -> None:
    """Keep the consents; requests naming the person need `share_with_interpreters`."""
    await people.apply_consents(tx, event.person_id, event.consents, event.aggregate_version)


async def on_needs_recorded(event: NeedsRecorded, tx: Tx) -> None:
    """Keep the language of an open interpreting need; other kinds are other services' business."""
    await people.apply_needs(tx, event.person_id, event.needs, event.aggregate_version)


def _on_erasure_requested(settings: InterpretingSettings) -> Handler[PersonErasureRequested]:
    async def handle(event: PersonErasureRequested, tx: Tx) -> None:
        """Erase the person, detach their appointments; confirm with ErasureCompleted."""
        await people.erase(
            tx,
            event.person_id,
            event.request_id,
            reminder_hours=settings.reminder_hours,
            now=datetime.now(UTC),
        )

    return handle


def subscriptions(settings: InterpretingSettings) -> list[Subscription[Any]]:
    """Intake's events interpreting consumes."""
    return [
        Subscription("person_registered", PersonRegistered, on_profile),
        Subscription("person_updated", PersonUpdated, on_profile),
        Subscription("consent_changed", ConsentChanged, on_consent_changed),
        Subscription("needs_recorded", NeedsRecorded, on_needs_recorded),
        Subscription("person_erasure_requested", PersonErasureRequested, _on_erasure_requested(settings)),
    ]
