"""Registering and changing a person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from wir_intake.db import audit
from wir_intake.db import persons as store
from wir_intake.domain import events
from wir_intake.domain.changes import apply_patch, changed_fields
from wir_intake.domain.consents import ConsentDecision, as_recorded, effective
from wir_intake.domain.errors import NotFound, PossibleDuplicates, StaleVersion
from wir_intake.domain.names import name_tokens
from wir_intake.domain.person import (
    CONTACT_FIELDS,
    IDENTITY_FIELDS,
    PROFILE_FIELDS,
    PersonData,
    check_in_district,
)
from wir_kit import Tx

MAX_CANDIDATES = 10


def checked_forms(person: PersonData) -> list[list[str]]:
    """The name forms the duplicate check compares, each as its words: the name as written, and
    the transliteration."""
    forms = (name_tokens(person.given_names, person.family_name), name_tokens(person.transliteration))
    return [form for form in forms if form]


async def possible_duplicates(tx: Tx, person: PersonData) -> list[UUID]:
    """People of the district whose name resembles one of this person's name forms."""
    found: dict[UUID, None] = {}
    for form in checked_forms(person):
        for person_id in await store.duplicates(tx, form, person.birth_year(), MAX_CANDIDATES):
            found.setdefault(person_id, None)
    return list(found)[:MAX_CANDIDATES]


async def lock_similar(tx: Tx, person: PersonData) -> list[store.RegistrationLock]:
    """Wait until no registration that the duplicate check could confuse with this one is
    still open. A form matches only if all its words do, so one word per form is enough to
    probe with: the longest, whose inner trigrams are the rarest."""
    probes = [max(form, key=lambda word: (len(word), word)) for form in checked_forms(person)]
    return await store.registration_lock(tx, person.birth_year(), store.tokens_of(person), probes)


async def register(
    tx: Tx,
    actor: str,
    person: PersonData,
    consents: Sequence[ConsentDecision],
    *,
    confirmed_new: bool,
    fields: Sequence[str],
    person_id: UUID | None = None,
) -> store.StoredPerson:
    """Register a person; refused with the candidates if they may be registered already."""
    check_in_district(person, tx.district)
    # A confirmed registration checks nothing, so it waits for nobody: a check running beside
    # it that misses it is the same as that check having run first.
    if not confirmed_new:
        await lock_similar(tx, person)
        if candidates := await possible_duplicates(tx, person):
            raise PossibleDuplicates(candidates)
    stored = await store.register(tx, person_id or uuid4(), person, consents, actor, fields)
    given = effective(as_recorded(consents, actor, stored.created_at), datetime.now(UTC))
    await tx.publish(events.registered(tx.district, stored.id, 1, person, given))
    await tx.publish(events.contact_changed(tx.district, stored.id, 1, person))
    await tx.publish(events.identified(tx.district, stored.id, 1, person))
    return stored


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
        if IDENTITY_FIELDS.intersection(changed):
            await tx.publish(events.identified(tx.district, person_id, version, after))
    await audit.record(tx, actor, "person.update", [person_id], changed)
    return changed
