"""The district's pool of interpreters (Sprach- und Kulturmittler) as coordinators and the
interpreters themselves keep it: profiles registered, changed and deactivated, availability,
compliance documents, and the neighbouring districts an interpreter opts in to serve.

Notifications learns how to reach an interpreter only from the profile events published here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID, uuid4

import asyncpg

from wir_contracts.contact import Contact
from wir_contracts.districts import districts as registered_districts
from wir_contracts.interpreting.v1 import (
    ComplianceDocument,
    DeclineReason,
    InterpreterDeactivated,
    InterpreterRegistered,
    InterpreterUpdated,
)
from wir_interpreting.commands import answers
from wir_interpreting.commands.answers import AnswerConflict
from wir_interpreting.db import interpreters
from wir_interpreting.db.interpreters import PoolEntry
from wir_interpreting.domain.errors import Conflict, FieldError
from wir_interpreting.domain.profile import Availability, InterpreterProfile
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Tx

__all__ = [
    "REQUIRED_DOCUMENTS",
    "InterpreterProfile",
    "InterpreterView",
    "contact_of",
    "deactivate",
    "give_back_open",
    "page",
    "read",
    "record_document",
    "register",
    "serve_neighbours",
    "set_availability",
    "update",
]

REQUIRED_DOCUMENTS = frozenset(ComplianceDocument)


@dataclass(frozen=True, slots=True)
class InterpreterView:
    entry: PoolEntry
    compliant: bool  # every required document on record and valid today


async def register(tx: Tx, profile: InterpreterProfile, *, interpreter_id: UUID | None = None) -> UUID:
    """A new interpreter of the transaction's district, with a new id unless `interpreter_id`
    gives one (demo data keeps its ids). Not assignable until their documents are recorded."""
    interpreter_id = interpreter_id or uuid4()
    if not await interpreters.insert(tx, interpreter_id, profile.stored()):
        raise Conflict("an interpreter with this id exists already")
    await tx.publish(
        InterpreterRegistered(
            district=tx.district,
            interpreter_id=interpreter_id,
            aggregate_version=1,
            contact=profile.contact,
            preferred_language=profile.preferred_language,
        )
    )
    return interpreter_id


async def update(tx: Tx, interpreter_id: UUID, profile: InterpreterProfile) -> None:
    """Replace the profile; assignments from now on go by it."""
    version = await interpreters.update(tx, interpreter_id, profile.stored())
    await tx.publish(
        InterpreterUpdated(
            district=tx.district,
            interpreter_id=interpreter_id,
            aggregate_version=version,
            contact=profile.contact,
            preferred_language=profile.preferred_language,
        )
    )


async def set_availability(tx: Tx, interpreter_id: UUID, availability: Availability) -> None:
    """Replace the weekly windows and absences, nothing else."""
    stored = availability.model_dump(mode="json")
    await interpreters.set_availability(tx, interpreter_id, stored["weekly"], stored["absences"])


async def deactivate(tx: Tx, interpreter_id: UUID) -> None:
    """No further assignments or messages. Deactivating an inactive interpreter changes nothing."""
    await interpreters.load(tx, interpreter_id, for_update=True)
    version = await interpreters.deactivate(tx, interpreter_id)
    if version is None:
        return
    await tx.publish(
        InterpreterDeactivated(district=tx.district, interpreter_id=interpreter_id, aggregate_version=version)
    )


async def give_back_open(
    tx: Tx, settings: InterpretingSettings, interpreter_id: UUID, *, now: datetime
) -> int:
    """After a deactivation: the district's appointments the interpreter holds that have not
    begun are given back (as a decline, so the next candidate is asked and the requester told);
    how many. One whose time to answer is over is left to the expiry job, which passes it on."""
    given_back = 0
    for appointment_id in await interpreters.open_appointments(tx, interpreter_id, now):
        try:
            await answers.decline(
                tx, settings, appointment_id, DeclineReason.OTHER, interpreter_id=interpreter_id, now=now
            )
        except AnswerConflict:
            continue
        given_back += 1
    return given_back


async def record_document(
    tx: Tx, interpreter_id: UUID, kind: ComplianceDocument | str, expires_on: date
) -> None:
    """Record a compliance document's last valid day; today or later."""
    await interpreters.load(tx, interpreter_id, for_update=True)
    if expires_on < await interpreters.today(tx):
        raise FieldError(("expires_on",), "date_past", "the document has expired already")
    await interpreters.record_document(tx, interpreter_id, ComplianceDocument(kind), expires_on)


async def serve_neighbours(tx: Tx, interpreter_id: UUID, districts: Sequence[str]) -> None:
    """The interpreter serves exactly these other districts of the installation (an empty list
    withdraws the opt-in). Each must be a registered district other than their own."""
    known = registered_districts()
    for index, code in enumerate(districts):
        if code == tx.district:
            raise FieldError(("districts", index), "own_district", "the interpreter's own district")
        if code not in known:
            raise FieldError(("districts", index), "district_code", "not a district of this installation")
    await interpreters.load(tx, interpreter_id, for_update=True)
    await interpreters.set_neighbours(tx, interpreter_id, sorted(set(districts)))


async def read(tx: Tx, interpreter_id: UUID) -> InterpreterView:
    row = await interpreters.load(tx, interpreter_id)
    return (await _views(tx, [row]))[0]


async def page(tx: Tx, after: UUID | None, active: bool | None, limit: int) -> list[InterpreterView]:
    """Up to `limit + 1` interpreters after `after`, by id: one more shows whether a page follows."""
    return await _views(tx, await interpreters.page(tx, after, active, limit + 1))


async def _views(tx: Tx, rows: Sequence[asyncpg.Record]) -> list[InterpreterView]:
    entries = await interpreters.entries(tx, rows)
    day = await interpreters.today(tx)
    return [
        InterpreterView(
            entry, {d.kind for d in entry.documents if d.expires_on >= day} >= set(REQUIRED_DOCUMENTS)
        )
        for entry in entries
    ]


def contact_of(view: InterpreterView) -> Contact:
    """How interpreting's messages reach the interpreter, as stored."""
    row = view.entry.row
    return Contact(
        display_name=row["display_name"], email=row["email"], mobile=row["mobile"], channels=row["channels"]
    )
