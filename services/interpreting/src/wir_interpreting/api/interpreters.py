"""The pool's interpreters: coordinators register and manage the district's; an interpreter
reads and changes their own profile, availability, documents and neighbour opt-in (their
token's `sub` is their id). Anyone else's answers 404."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field

from wir_contracts.districts import DistrictCode
from wir_contracts.interpreting.v1 import ComplianceDocument
from wir_interpreting.api.deps import Config, CoordinatorOrInterpreter, admit_to_interpreter
from wir_interpreting.api.errors import MISSING
from wir_interpreting.commands import interpreters
from wir_interpreting.commands.interpreters import InterpreterView
from wir_interpreting.domain.profile import Availability, InterpreterLanguage, InterpreterProfile
from wir_kit import Coordinator, Database

router = APIRouter(prefix="/interpreters", tags=["interpreters"])

_INPUT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class DocumentOut(BaseModel):
    kind: ComplianceDocument
    expires_on: date = Field(description="The last day it is valid.")
    recorded_at: datetime


class InterpreterOut(InterpreterProfile):
    interpreter_id: UUID
    version: int
    active: bool
    compliant: bool = Field(description="Every compliance document is on record and valid today.")
    documents: tuple[DocumentOut, ...]
    neighbours: tuple[str, ...] = Field(description="Other districts the interpreter opted in to serve.")
    created_at: datetime
    updated_at: datetime


class InterpreterPage(BaseModel):
    items: list[InterpreterOut]
    next_cursor: UUID | None = Field(description="`after` for the next page; null on the last page.")


class Created(BaseModel):
    interpreter_id: UUID


class DocumentIn(BaseModel):
    model_config = _INPUT
    expires_on: date = Field(description="Last day the document is valid; today or later.")


class NeighboursIn(BaseModel):
    model_config = _INPUT
    districts: tuple[DistrictCode, ...] = Field(
        max_length=30, description="Other districts of the installation served; empty withdraws the opt-in."
    )


def _out(view: InterpreterView) -> InterpreterOut:
    entry = view.entry
    row = entry.row
    return InterpreterOut(
        interpreter_id=row["interpreter_id"],
        version=row["version"],
        contact=interpreters.contact_of(view),
        preferred_language=row["preferred_language"],
        languages=tuple(
            InterpreterLanguage(language=language, variety=variety or None)
            for language, variety in entry.languages
        ),
        german_level=row["german_level"],
        modes=row["modes"],
        home_municipality=row["home_municipality"],
        travel_km=float(row["travel_km"]),
        municipalities=row["municipalities"],
        weekly=json.loads(row["weekly"]),
        absences=json.loads(row["absences"]),
        active=row["active"],
        compliant=view.compliant,
        documents=tuple(
            DocumentOut(kind=d.kind, expires_on=d.expires_on, recorded_at=d.recorded_at)
            for d in entry.documents
        ),
        neighbours=entry.neighbours,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def register(profile: InterpreterProfile, db: Database, caller: Coordinator) -> Created:
    """Register an interpreter; they are assigned once their compliance documents are recorded."""
    async with db.transaction(caller.district) as tx:
        interpreter_id = await interpreters.register(tx, profile)
    return Created(interpreter_id=interpreter_id)


@router.get("")
async def list_interpreters(
    db: Database,
    caller: Coordinator,
    after: Annotated[UUID | None, Query(description="`next_cursor` of the previous page.")] = None,
    active: Annotated[bool | None, Query(description="Only active (true) or inactive (false) ones.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> InterpreterPage:
    """The district's own pool, by id."""
    async with db.transaction(caller.district) as tx:
        views = await interpreters.page(tx, after, active, limit)
    shown = views[:limit]
    more = len(views) > limit
    return InterpreterPage(
        items=[_out(view) for view in shown],
        next_cursor=shown[-1].entry.row["interpreter_id"] if more else None,
    )


@router.get("/{interpreter_id}", responses=MISSING)
async def read(interpreter_id: UUID, db: Database, caller: CoordinatorOrInterpreter) -> InterpreterOut:
    admit_to_interpreter(caller, interpreter_id)
    async with db.transaction(caller.district) as tx:
        return _out(await interpreters.read(tx, interpreter_id))


@router.put("/{interpreter_id}", responses=MISSING)
async def update(
    interpreter_id: UUID, profile: InterpreterProfile, db: Database, caller: CoordinatorOrInterpreter
) -> InterpreterOut:
    """Replace the profile (availability included); assignments from now on go by it."""
    admit_to_interpreter(caller, interpreter_id)
    async with db.transaction(caller.district) as tx:
        await interpreters.update(tx, interpreter_id, profile)
        return _out(await interpreters.read(tx, interpreter_id))


@router.delete("/{interpreter_id}", responses=MISSING)
async def deactivate(
    interpreter_id: UUID, db: Database, caller: Coordinator, config: Config
) -> InterpreterOut:
    """Take the interpreter out of the pool: no further assignments or messages. The district's
    appointments they hold that have not begun are passed to the next candidate."""
    async with db.transaction(caller.district) as tx:
        await interpreters.deactivate(tx, interpreter_id)
        await interpreters.give_back_open(tx, config, interpreter_id, now=datetime.now(UTC))
        return _out(await interpreters.read(tx, interpreter_id))


@router.put("/{interpreter_id}/availability", responses=MISSING)
async def set_availability(
    interpreter_id: UUID, availability: Availability, db: Database, caller: CoordinatorOrInterpreter
) -> InterpreterOut:
    """Replace the weekly windows and absences (Europe/Berlin)."""
    admit_to_interpreter(caller, interpreter_id)
    async with db.transaction(caller.district) as tx:
        await interpreters.set_availability(tx, interpreter_id, availability)
        return _out(await interpreters.read(tx, interpreter_id))


@router.put("/{interpreter_id}/documents/{kind}", responses=MISSING)
async def record_document(
    interpreter_id: UUID,
    kind: ComplianceDocument,
    document: DocumentIn,
    db: Database,
    caller: CoordinatorOrInterpreter,
) -> InterpreterOut:
    """Record a compliance document's last valid day; an expired one makes them unassignable."""
    admit_to_interpreter(caller, interpreter_id)
    async with db.transaction(caller.district) as tx:
        await interpreters.record_document(tx, interpreter_id, kind, document.expires_on)
        return _out(await interpreters.read(tx, interpreter_id))


@router.put("/{interpreter_id}/neighbours", responses=MISSING)
async def serve_neighbours(
    interpreter_id: UUID, neighbours: NeighboursIn, db: Database, caller: CoordinatorOrInterpreter
) -> InterpreterOut:
    """The other districts the interpreter serves: each then sees what its jobs need of them."""
    admit_to_interpreter(caller, interpreter_id)
    async with db.transaction(caller.district) as tx:
        await interpreters.serve_neighbours(tx, interpreter_id, neighbours.districts)
        return _out(await interpreters.read(tx, interpreter_id))
