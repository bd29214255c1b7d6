"""Registering and changing a person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from wir_intake.db import audit
from wir_intake.db import consents as consent_store
from wir_intake.db import persons as store
from wir_intake.domain import events
from wir_intake.domain.changes import apply_patch, changed_fields
from wir_intake.domain.consents import ConsentDecision, effective
from wir_intake.domain.errors import NotFound, PossibleDuplicates, StaleVersion
from wir_intake.domain.names import name_tokens
from wir_intake.domain.person import CONTACT_FIELDS, PROFILE_FIELDS, PersonData, check_in_district
from wir_kit import Tx

MAX_CANDIDATES = 10


async def possible_duplicates(tx: Tx, person: PersonData) -> list[UUID]:
    """People of the district whose name resembles one of this person's name forms."""
    found: dict[UUID, None] = {}
    for form in (name_tokens(person.given_names, person.family_name), name_tokens(person.transliteration)):
        if form:
            for person_id in await store.duplicates(tx, form, person.birth_year(), MAX_CANDIDATES):
                found.setdefault(person_id, None)
    return list(found)[:MAX_CANDIDATES]


async def register(
    tx: Tx,
    actor: str,
    person: PersonData,
    consents: Sequence[ConsentDecision],
    *,
    confirmed_new: bool,
    fields: Sequence[str],
    person_id: UUID | None = None,
) -> UUID:
    """Register a person; refused with the candidates if they may be registered already."""
    check_in_district(person, tx.district)
    await store.registration_lock(tx)
    if not confirmed_new and (candidates := await possible_duplicates(tx, person)):
        raise PossibleDuplicates(candidates)
    person_id = person_id or uuid4()
    await store.insert(tx, person_id, 1, person)
    for decision in consents:
        await consent_store.insert(tx, person_id, decision, actor)
    given = effective(await consent_store.of_person(tx, person_id), datetime.now(UTC))
    await tx.publish(events.registered(tx.district, person_id, 1, person, given))
    await tx.publish(events.contact_changed(tx.district, person_id, 1, person))
    await audit.record(tx, actor, "person.create", [person_id], fields)
    return person_id


async def update(
    tx: Tx, actor: str, person_id: UUID, changes: dict[str, Any], *, read_at: int | None = None
) -> list[str]:
    """Apply `changes` (field -> value); the names of the fields that really changed. With
    `read_at`, only if the record is still at that version."""
    if await store.lock(tx, person_id) is None:
        raise NotFound
    current = await store.get(tx, person_id)
    if current is None:
        raise NotFound
    if read_at is not None and read_at != current.version:
        raise StaleVersion(current.version)
    after = apply_patch(current.data, changes)
    check_in_district(after, tx.district)
    changed = changed_fields(current.data, after)
    if changed:
        version = current.version + 1
        await store.update(tx, person_id, version, after)
        if PROFILE_FIELDS.intersection(changed):
            await tx.publish(events.updated(tx.district, person_id, version, after))
        if CONTACT_FIELDS.intersection(changed):
            await tx.publish(events.contact_changed(tx.district, person_id, version, after))
    await audit.record(tx, actor, "person.update", [person_id], changed)
    return changed
