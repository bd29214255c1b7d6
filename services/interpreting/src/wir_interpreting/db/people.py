"""People as intake describes them, as far as interpreting needs them: profile, consents, the
language of an open interpreting need; erased behind a tombstone."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from wir_interpreting.db import appointments
from wir_interpreting.domain.model import Appointment
from wir_interpreting.domain.people import Person
from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "people.sql")


async def apply_profile(
    tx: Tx, person_id: UUID, municipality: str, languages: Sequence[str], version: int
) -> bool:
    """Whether the profile was applied (False: stale, or the person was erased)."""
    changed = await tx.changed(
        Q["apply_profile"], tx.district, person_id, municipality, list(languages), version
    )
    return changed == 1


async def apply_consents(tx: Tx, person_id: UUID, consents: Sequence[str], version: int) -> bool:
    return await tx.changed(Q["apply_consents"], tx.district, person_id, list(consents), version) == 1


async def apply_needs(tx: Tx, person_id: UUID, interpreting_language: str | None, version: int) -> bool:
    changed = await tx.changed(Q["apply_needs"], tx.district, person_id, interpreting_language, version)
    return changed == 1


async def load(tx: Tx, person_id: UUID) -> Person | None:
    """The person as kept, or None: never heard of, erased, or another district's."""
    row = await tx.fetchrow(Q["load"], tx.district, person_id)
    if row is None:
        return None
    return Person(
        person_id=row["person_id"],
        languages=tuple(row["languages"]),
        interpreting_language=row["interpreting_language"],
        municipality=row["municipality"],
        consents=tuple(row["consents"]),
    )


async def erase(tx: Tx, person_id: UUID) -> None:
    """The person goes; the tombstone keeps later events from bringing them back."""
    await tx.execute(Q["tombstone"], tx.district, person_id)
    await tx.execute(Q["erase_person"], tx.district, person_id)


async def unlink_appointments(tx: Tx, person_id: UUID) -> list[Appointment]:
    """Detach the person from their appointments; those appointments as they stand now."""
    rows = await tx.fetch(Q["unlink_appointments"], tx.district, person_id)
    return [appointments.from_row(row) for row in rows]
