"""The recipient directory, fed only by events: people from intake, volunteers from matching,
interpreters from interpreting. Each part is replaced only by a newer version of it."""

from __future__ import annotations

from uuid import UUID

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.intake.v1 import (
    ConsentChanged,
    PersonContactChanged,
    PersonErasureRequested,
    PersonRegistered,
    PersonUpdated,
)
from wir_contracts.interpreting.v1 import InterpreterRegistered, InterpreterUpdated
from wir_contracts.matching.v1 import VolunteerRegistered, VolunteerUpdated
from wir_contracts.notifications.v1 import RecipientKind
from wir_contracts.services import Service
from wir_kit.db import Tx
from wir_notifications.db import store
from wir_notifications.domain.recipients import Recipient


async def person_profile(tx: Tx, event: PersonRegistered | PersonUpdated) -> bool:
    return await store.apply_person_profile(
        tx, event.person_id, event.aggregate_version, event.preferred_language, event.languages
    )


async def person_consents(tx: Tx, event: PersonRegistered | ConsentChanged) -> bool:
    consents = [purpose.value for purpose in event.consents]
    return await store.apply_person_consents(tx, event.person_id, event.aggregate_version, consents)


async def person_contact(tx: Tx, event: PersonContactChanged) -> bool:
    contact = event.contact
    return await store.apply_person_contact(
        tx,
        event.person_id,
        event.aggregate_version,
        contact.display_name,
        contact.email,
        contact.mobile,
        contact.channels,
    )


HelperProfile = VolunteerRegistered | VolunteerUpdated | InterpreterRegistered | InterpreterUpdated


def helper(kind: RecipientKind, helper_id: UUID, event: HelperProfile) -> Recipient:
    return Recipient(
        kind=kind,
        recipient_id=helper_id,
        display_name=event.contact.display_name,
        email=event.contact.email,
        mobile=event.contact.mobile,
        channels=event.contact.channels,
        preferred_language=event.preferred_language,
    )


async def erase_person(tx: Tx, event: PersonErasureRequested) -> None:
    """Forget the person, their inbox and what their delivery records say of them; keep a
    tombstone so that late events do not bring them back; confirm to intake."""
    for notification_id in await store.cancel_open(tx, RecipientKind.PERSON, event.person_id):
        await store.add_history(tx, notification_id, "cancelled", detail="erased")
    await store.erase_person(tx, event.person_id)
    await tx.publish(
        ErasureCompleted(
            district=tx.district,
            producer=Service.NOTIFICATIONS,
            person_id=event.person_id,
            request_id=event.request_id,
        )
    )
