"""Typed access to the consent records."""

from __future__ import annotations

from uuid import UUID

from wir_contracts.consent import ConsentPurpose
from wir_intake.domain.consents import ConsentDecision, ConsentRecord, LegalBasis
from wir_kit import Tx, load_queries

Q = load_queries("wir_intake.db", "consents.sql")


async def insert(tx: Tx, person_id: UUID, decision: ConsentDecision, recorded_by: str) -> None:
    await tx.execute(
        Q["insert"],
        tx.district,
        person_id,
        decision.purpose.value,
        decision.given,
        decision.at,
        decision.legal_basis.value,
        decision.expires_at if decision.given else None,
        recorded_by,
    )


async def of_person(tx: Tx, person_id: UUID) -> list[ConsentRecord]:
    return [
        ConsentRecord(
            purpose=ConsentPurpose(row["purpose"]),
            given=row["given"],
            at=row["at"],
            legal_basis=LegalBasis(row["legal_basis"]),
            expires_at=row["expires_at"],
            recorded_by=row["recorded_by"],
            recorded_at=row["recorded_at"],
        )
        for row in await tx.fetch(Q["of_person"], person_id)
    ]


async def claim_expired(tx: Tx) -> set[UUID]:
    """People whose consent expired since the last check; each expiry is claimed once."""
    return {row["person_id"] for row in await tx.fetch(Q["claim_expired"])}
