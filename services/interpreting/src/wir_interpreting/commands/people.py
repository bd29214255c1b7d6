"""People's side of interpreting, kept from intake's events only: profile, consents and the
language of an open interpreting need, each applied when newer; erasure confirmed.

Withdrawn consent to share with interpreters needs nothing here beyond keeping the consents:
interpreters never see who the person is, and new requests naming the person are refused."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.intake.v1 import Need
from wir_contracts.needs import NeedKind
from wir_contracts.services import Service
from wir_interpreting.commands import reminders
from wir_interpreting.db import people
from wir_kit import Tx, get_logger

log = get_logger(__name__)


def interpreting_language(needs: Sequence[Need]) -> str | None:
    """The language the first open interpreting need names, if any does."""
    return next(
        (need.language for need in needs if need.kind == NeedKind.INTERPRETING and need.language), None
    )


async def apply_profile(
    tx: Tx, person_id: UUID, municipality: str, languages: Sequence[str], version: int
) -> None:
    await people.apply_profile(tx, person_id, municipality, languages, version)


async def apply_consents(tx: Tx, person_id: UUID, consents: Sequence[str], version: int) -> None:
    await people.apply_consents(tx, person_id, consents, version)


async def apply_needs(tx: Tx, person_id: UUID, needs: Sequence[Need], version: int) -> None:
    await people.apply_needs(tx, person_id, interpreting_language(needs), version)


async def erase(
    tx: Tx, person_id: UUID, request_id: UUID, *, reminder_hours: tuple[float, ...], now: datetime
) -> None:
    """Erase the person and detach them from their appointments, which go on without them;
    confirm with ErasureCompleted (ids only). Statements never held the person."""
    await people.erase(tx, person_id)
    appointments = await people.unlink_appointments(tx, person_id)
    # Pending events go too: a reminder scheduled before the erasure must not name the person.
    await tx.forget_events(person_id=person_id)
    # The interpreter still comes and the requester still wants reminding: their reminders
    # are written again, now naming nobody.
    for appointment in appointments:
        if appointment.state == "confirmed":
            await reminders.schedule(tx, appointment, appointment.version, reminder_hours, now=now)
    await tx.publish(
        ErasureCompleted(
            district=tx.district, producer=Service.INTERPRETING, person_id=person_id, request_id=request_id
        )
    )
    log.info("person erased", appointments=len(appointments))
