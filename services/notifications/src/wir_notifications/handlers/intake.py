"""Intake's people: the directory keeps their languages, consents and contact; they are welcomed,
and erased here when intake asks."""

from __future__ import annotations

from typing import Any

from wir_contracts.intake.v1 import (
    ConsentChanged,
    PersonContactChanged,
    PersonErasureRequested,
    PersonRegistered,
    PersonUpdated,
)
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Subscription, Tx
from wir_notifications.commands import notifications, recipients
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.domain import notices

PERSON = RecipientKind.PERSON


async def on_consent_changed(event: ConsentChanged, tx: Tx) -> None:
    """Keep the person's consents; a withdrawn channel is refused from the next send on."""
    await recipients.person_consents(tx, event)


async def on_person_erasure_requested(event: PersonErasureRequested, tx: Tx) -> None:
    """Erase the person here and confirm it."""
    await recipients.erase_person(tx, event)


def subscriptions(collaborators: Collaborators) -> list[Subscription[Any]]:
    """The welcome and a person's waiting messages need the renderer and settings."""

    async def on_person_registered(event: PersonRegistered, tx: Tx) -> None:
        """Keep the person's languages and consents, and welcome them."""
        applied = await recipients.person_registered(tx, event)
        welcome = notices.welcome(event)
        [entry] = await notifications.notify(tx, collaborators, event, [welcome], locked=applied)
        await notifications.resume(tx, collaborators, PERSON, event.person_id, entry)

    async def on_person_updated(event: PersonUpdated, tx: Tx) -> None:
        """Keep the person's languages."""
        entry = await recipients.person_profile(tx, event)
        if entry is not None:
            await notifications.resume(tx, collaborators, PERSON, event.person_id, entry)

    async def on_person_contact_changed(event: PersonContactChanged, tx: Tx) -> None:
        """Keep how to reach the person; write what waited for it."""
        entry = await recipients.person_contact(tx, event)
        if entry is not None:
            await notifications.resume(tx, collaborators, PERSON, event.person_id, entry)

    return [
        Subscription("person_registered", PersonRegistered, on_person_registered),
        Subscription("person_updated", PersonUpdated, on_person_updated),
        Subscription("person_contact_changed", PersonContactChanged, on_person_contact_changed),
        Subscription("consent_changed", ConsentChanged, on_consent_changed),
        Subscription("person_erasure_requested", PersonErasureRequested, on_person_erasure_requested),
    ]
