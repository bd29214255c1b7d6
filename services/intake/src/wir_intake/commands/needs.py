"""Recording and changing a person's needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID, uuid4

from wir_intake.db import audit, persons
from wir_intake.db import needs as store
from wir_intake.domain import events
from wir_intake.domain.changes import apply_patch, changed_fields
from wir_intake.domain.errors import NotFound
from wir_intake.domain.needs import Need, NeedData, check_transition
from wir_kit import Tx


async def _announce(tx: Tx, person_id: UUID) -> None:
    version = await persons.bump_version(tx, person_id)
    if version is None:
        raise NotFound
    needs = await store.of_person(tx, person_id)
    await tx.publish(events.needs_recorded(tx.district, person_id, version, needs))


async def add(tx: Tx, actor: str, person_id: UUID, data: NeedData, fields: Sequence[str]) -> Need:
    if await persons.lock(tx, person_id) is None:
        raise NotFound
    need = await store.insert(tx, uuid4(), person_id, data, actor)
    await _announce(tx, person_id)
    await audit.record(tx, actor, "needs.create", [person_id], [f"needs.{name}" for name in fields])
    return need


async def change(tx: Tx, actor: str, person_id: UUID, need_id: UUID, changes: dict[str, Any]) -> Need:
    if await persons.lock(tx, person_id) is None:
        raise NotFound
    need = await store.lock(tx, person_id, need_id)
    if need is None:
        raise NotFound
    after = apply_patch(need.data, changes)
    check_transition(need.data.status, after.status)
    changed = changed_fields(need.data, after)
    if changed:
        need = await store.update(tx, need, after)
        await _announce(tx, person_id)
    await audit.record(tx, actor, "needs.update", [person_id], [f"needs.{name}" for name in changed])
    return need
