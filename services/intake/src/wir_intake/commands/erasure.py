"""Erasing a person: intake's own data at once, everyone else's through PersonErasureRequested."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.services import Service
from wir_intake.db import audit, erasures, households, idempotency, persons, timeline
from wir_intake.domain import events
from wir_intake.domain.erasure import ErasureRequest, all_confirmed
from wir_intake.domain.errors import NotFound
from wir_kit import PermanentFailure, Tx, get_logger

log = get_logger(__name__)


async def request(tx: Tx, actor: str, person_id: UUID) -> ErasureRequest:
    """Start the erasure; asking again for a person being erased answers with the same request."""
    if await persons.lock(tx, person_id) is None:
        # Erased already (perhaps by a concurrent request this one waited for), or never here.
        if (existing := await erasures.of_person(tx, person_id)) is None:
            raise NotFound
        return existing
    person = await persons.get(tx, person_id)
    version = await persons.delete(tx, person_id)  # needs, consents, membership, timeline cascade
    if person is None or version is None:
        raise NotFound
    if person.household_id is not None:
        await households.remove_if_empty(tx, person.household_id)
    await idempotency.forget_person(tx, person_id)
    request_id = uuid4()
    await erasures.insert(tx, request_id, person_id, actor)
    # What intake announced about the person (name, contact, needs) would otherwise wait out the
    # outbox retention; pending announcements go too, the erasure request supersedes them.
    await tx.forget_events(person_id=person_id)
    await tx.publish(events.erasure_requested(tx.district, person_id, version + 1, request_id))
    await audit.record(tx, actor, "person.erase", [person_id], [])
    log.info("erasure requested", request_id=str(request_id), person_id=str(person_id))
    erasure = await erasures.get(tx, request_id)
    if erasure is None:
        raise RuntimeError("the erasure request just written is not there")
    return erasure


async def erase_own_remains(tx: Tx, person_id: UUID, request_id: UUID) -> None:
    """Intake's part, confirmed like every other service's: anything that arrived since is gone."""
    await timeline.purge(tx, person_id)
    await idempotency.forget_person(tx, person_id)
    await tx.publish(
        ErasureCompleted(
            district=tx.district, producer=Service.INTAKE, person_id=person_id, request_id=request_id
        )
    )


async def confirm(
    tx: Tx, request_id: UUID, person_id: UUID, service: Service, event_id: UUID, at: datetime
) -> None:
    """Record one service's confirmation; the request completes with the last of them."""
    erasure = await erasures.lock(tx, request_id)
    if erasure is None:
        raise PermanentFailure("erasure confirmation for an unknown request")
    if erasure.person_id != person_id:
        raise PermanentFailure("erasure confirmation names another person than its request")
    await erasures.confirm(tx, request_id, service, event_id, at)
    confirmed = {s.value for s in erasure.confirmations} | {service.value}
    if all_confirmed(confirmed) and await erasures.complete(tx, request_id):
        log.info("erasure completed", request_id=str(request_id), person_id=str(person_id))
