"""The recipient directory, fed only by events: people from intake, volunteers from matching,
interpreters from interpreting. Each part is replaced only by a newer version of it; a
recipient who becomes known gets what waited for them."""

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
from wir_kit import Tx
from wir_notifications.commands.collaborators import Collaborators
from wir_notifications.commands.notifications import resume
from wir_notifications.db import deliveries, inbox, inbox_codes, notifications, recipients
from wir_notifications.db.recipients import Entry
from wir_notifications.domain.recipients import Recipient

HelperProfile = VolunteerRegistered | VolunteerUpdated | InterpreterRegistered | InterpreterUpdated


async def person_registered(tx: Tx, event: PersonRegistered) -> Entry | None:
    """The languages and consents a registration brings; the entry as applied (locked), or None
    if the directory knew newer ones."""
    consents = [purpose.value for purpose in event.consents]
    return await recipients.apply_person_registered(
        tx, event.person_id, event.aggregate_version, event.preferred_language, event.languages, consents
    )


async def person_profile(tx: Tx, event: PersonUpdated) -> Entry | None:
    """The entry with the newer languages (locked), or None for an older update."""
    return await recipients.apply_person_profile(
        tx, event.person_id, event.aggregate_version, event.preferred_language, event.languages
    )


async def person_consents(tx: Tx, event: ConsentChanged) -> bool:
    consents = [purpose.value for purpose in event.consents]
    return await recipients.apply_person_consents(tx, event.person_id, event.aggregate_version, consents)


async def person_contact(tx: Tx, event: PersonContactChanged) -> Entry | None:
    """The entry with the newer contact (locked), or None for an older change."""
    contact = event.contact
    return await recipients.apply_person_contact(
        tx,
        event.person_id,
        event.aggregate_version,
        contact.display_name,
        contact.email,
        contact.mobile,
        contact.channels,
    )


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


async def keep_helper(tx: Tx, collaborators: Collaborators, helper: Recipient, version: int) -> None:
    """Keep how to reach a volunteer or interpreter; write what waited for them."""
    entry = await recipients.apply_helper_profile(tx, helper, version)
    if entry is not None:
        await resume(tx, collaborators, helper.kind, helper.recipient_id, entry)


async def deactivate_helper(tx: Tx, kind: RecipientKind, helper_id: UUID, version: int) -> None:
    """A volunteer or interpreter who left gets no further messages."""
    if await recipients.deactivate_helper(tx, kind, helper_id, version):
        await cancel_open(tx, kind, helper_id, "deactivated")


async def erase_person(tx: Tx, event: PersonErasureRequested) -> None:
    """Forget the person, their inbox, their one-time codes and what their delivery records say
    of them; keep a tombstone so that late events do not bring them back; confirm to intake."""
    await cancel_open(tx, RecipientKind.PERSON, event.person_id, "erased")
    await recipients.erase_person(tx, event.person_id)
    await inbox.erase_person(tx, event.person_id)
    await inbox_codes.erase_person(tx, event.person_id)
    await notifications.scrub_person(tx, event.person_id)
    # Events naming the person as recipient (with template and language) go, pending ones too.
    await tx.forget_events(recipient_kind="person", recipient_id=event.person_id)
    await tx.publish(
        ErasureCompleted(
            district=tx.district,
            producer=Service.NOTIFICATIONS,
            person_id=event.person_id,
            request_id=event.request_id,
        )
    )


async def cancel_open(tx: Tx, kind: RecipientKind, recipient_id: UUID, why: str) -> None:
    """Cancel what is still waiting or being delivered to a recipient, each with its reason."""
    await deliveries.cancel_for(tx, kind, recipient_id)
    for notification_id in await notifications.cancel_open(tx, kind, recipient_id):
        await deliveries.add_history(tx, notification_id, "cancelled", detail=why)
