"""A person's consents: recorded per purpose, with their history."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from wir_contracts.consent import ConsentPurpose
from wir_intake.api.deps import IdempotencyKey
from wir_intake.api.errors import MISSING
from wir_intake.api.idempotency import idempotent
from wir_intake.commands import consents as commands
from wir_intake.db import audit, persons
from wir_intake.db import consents as store
from wir_intake.domain.consents import ConsentDecision, ConsentRecord, ConsentState, LegalBasis, current
from wir_intake.domain.errors import NotFound
from wir_kit import Database, Staff, Tx, shown


class ConsentEntry(BaseModel):
    purpose: ConsentPurpose
    state: ConsentState = Field(description="given, withdrawn, or expired (which counts as withdrawn).")
    given: bool = Field(description="What the person decided (before any expiry).")
    at: datetime = Field(description="When the person decided.")
    legal_basis: LegalBasis
    expires_at: datetime | None
    recorded_by: str = Field(description="Token subject of the staff member who recorded it.")
    recorded_at: datetime

    @classmethod
    def of(cls, record: ConsentRecord, now: datetime) -> ConsentEntry:
        return cls(state=record.state(now), **vars(record))


class Consents(BaseModel):
    current: list[ConsentEntry] = Field(description="Per purpose, the record that decides it now.")
    history: list[ConsentEntry] = Field(description="Every record, oldest first.")

    @classmethod
    def of(cls, records: list[ConsentRecord]) -> Consents:
        now = datetime.now(UTC)
        deciding = current(records)
        return cls(
            current=[ConsentEntry.of(deciding[p], now) for p in ConsentPurpose if p in deciding],
            history=[ConsentEntry.of(record, now) for record in records],
        )


router = APIRouter(tags=["consents"])


@router.post(
    "/persons/{person_id}/consents",
    status_code=status.HTTP_201_CREATED,
    response_model=Consents,
    responses=MISSING,
)
async def record_consent(
    person_id: UUID,
    decision: ConsentDecision,
    request: Request,
    db: Database,
    caller: Staff,
    key: IdempotencyKey,
) -> Response:
    """Record that the person gave or withdrew consent for one purpose."""

    async def record(tx: Tx) -> Consents:
        records = await commands.record(tx, caller.sub, person_id, decision)
        return Consents.of(records)

    return await idempotent(db, caller, key, request, decision, record, person_id=person_id)


@router.get("/persons/{person_id}/consents", response_model=Consents, responses=MISSING)
async def person_consents(person_id: UUID, db: Database, caller: Staff) -> JSONResponse:
    """The consents in force per purpose, and their history."""
    async with db.transaction(caller.district) as tx:
        if not await persons.exists(tx, person_id):
            raise NotFound
        records = await store.of_person(tx, person_id)
        await audit.record(tx, caller.sub, "consents.read", [person_id], ["consents"])
    return shown(Consents.of(records))
