"""Forming households and changing who belongs to them."""

from __future__ import annotations

from uuid import UUID, uuid4

from wir_intake.db import audit, persons
from wir_intake.db import households as store
from wir_intake.domain.errors import Conflict, FieldError, NotFound
from wir_intake.domain.households import HouseholdData
from wir_kit import Tx


async def _check_members(tx: Tx, household_id: UUID, data: HouseholdData) -> None:
    ids = [member.person_id for member in data.members]
    known = await persons.existing_ids(tx, ids)
    for position, person_id in enumerate(ids):
        if person_id not in known:
            raise FieldError(("members", position, "person_id"), "unknown_person", "no such person")
    if await store.taken(tx, household_id, ids):
        raise Conflict("a member already belongs to another household")


async def create(tx: Tx, actor: str, data: HouseholdData) -> UUID:
    household_id = uuid4()
    await _check_members(tx, household_id, data)
    await store.insert(tx, household_id)
    await store.replace_members(tx, household_id, data)
    await audit.record(tx, actor, "household.create", [m.person_id for m in data.members], ["household"])
    return household_id


async def change(tx: Tx, actor: str, household_id: UUID, data: HouseholdData) -> None:
    before = await store.get(tx, household_id) if await store.lock(tx, household_id) else None
    if before is None:
        raise NotFound
    await _check_members(tx, household_id, data)
    await store.replace_members(tx, household_id, data)
    affected = [m.person_id for m in (*before.data.members, *data.members)]
    await audit.record(tx, actor, "household.update", affected, ["household"])
