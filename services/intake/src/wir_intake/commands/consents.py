"""Recording a consent given or withdrawn, and announcing consents that lapsed."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from wir_intake.db import audit, persons
from wir_intake.db import consents as store
from wir_intake.domain import events
from wir_intake.domain.consents import ConsentDecision, ConsentRecord, effective
from wir_intake.domain.errors import NotFound
from wir_kit import Tx


async def record(tx: Tx, actor: str, person_id: UUID, decision: ConsentDecision) -> list[ConsentRecord]:
    """Record the decision and tell consumers every consent now in force."""
    if await persons.lock(tx, person_id) is None:
        raise NotFound
    await store.insert(tx, person_id, decision, actor)
    await announce(tx, person_id)
    await audit.record(tx, actor, "consents.record", [person_id], [f"consents.{decision.purpose.value}"])
    return await store.of_person(tx, person_id)


async def announce(tx: Tx, person_id: UUID) -> None:
    """A new version of the person with the consents in force now (expired ones left out)."""
    version = await persons.bump_version(tx, person_id)
    if version is None:
        return  # erased meanwhile: nothing to announce
    given = effective(await store.of_person(tx, person_id), datetime.now(UTC))
    await tx.publish(events.consent_changed(tx.district, person_id, version, given))


async def announce_expiries(tx: Tx) -> list[UUID]:
    """Announce every consent of the district that lapsed since the last check."""
    people = sorted(await store.claim_expired(tx))
    for person_id in people:
        await announce(tx, person_id)
    return people
