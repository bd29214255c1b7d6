"""A person's record as a whole: opened and kept current from intake's events, read (now or as it
was) and its history listed by staff, every read logged, erased on request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from wir_competence.db import access_log, entries, holders, records, shares
from wir_competence.domain.holder import Holder
from wir_competence.domain.record import Record
from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.consent import ConsentPurpose
from wir_contracts.services import Service
from wir_kit import Tx


@dataclass(frozen=True, slots=True)
class RecordRead:
    record: Record
    consents: frozenset[str]
    as_of: datetime


async def apply_profile(tx: Tx, person_id: UUID, preferred_language: str, version: int) -> None:
    """Open the record if needed; keep the preferred language unless `version` is stale."""
    await records.apply_profile(tx, person_id, preferred_language, version)


async def apply_registration(
    tx: Tx, person_id: UUID, preferred_language: str, consents: Sequence[str], version: int
) -> None:
    """`apply_profile` and `apply_consents` in one statement: a registration carries both."""
    applied = await records.apply_registration(tx, person_id, preferred_language, consents, version)
    await _stop_shares_without_consent(tx, person_id, consents, applied=applied)


async def apply_consents(tx: Tx, person_id: UUID, consents: Sequence[str], version: int) -> None:
    """Keep the consents unless `version` is stale; without consent to share with employers
    every share stops at once."""
    applied = await records.apply_consents(tx, person_id, consents, version)
    await _stop_shares_without_consent(tx, person_id, consents, applied=applied)


async def apply_identity(tx: Tx, person_id: UUID, holder: Holder, version: int) -> None:
    """Keep the name and date of birth to print, unless `version` is stale or the person erased."""
    await holders.apply_identity(tx, person_id, holder, version)


async def _stop_shares_without_consent(
    tx: Tx, person_id: UUID, consents: Sequence[str], *, applied: bool
) -> None:
    if applied and ConsentPurpose.SHARE_WITH_EMPLOYERS not in consents:
        await shares.revoke_shares_of_person(tx, person_id, "consent_withdrawn")


async def erase(tx: Tx, person_id: UUID, request_id: UUID) -> None:
    """Erase the record, its history, shares, access log, printed-document codes and the holder's
    name; confirm."""
    await records.erase(tx, person_id, request_id)
    await tx.publish(
        ErasureCompleted(
            district=tx.district, producer=Service.COMPETENCE, person_id=person_id, request_id=request_id
        )
    )


async def read(tx: Tx, person_id: UUID, at: datetime | None, actor: str) -> RecordRead:
    """The record now, or as it was at `at` (every change is kept); the read is logged."""
    head = await records.head(tx, person_id)
    moment = at or await records.now(tx)
    record = await entries.record_as_of(tx, head, moment)
    await access_log.log_access(tx, person_id, "record_read", actor=actor)
    return RecordRead(record, head.consents, moment)


async def history(tx: Tx, person_id: UUID, actor: str) -> list[asyncpg.Record]:
    """Every change of the record's entries, newest first; the read is logged."""
    await records.head(tx, person_id)  # RecordNotFound unless it is the transaction's district's
    rows = await entries.history(tx, person_id)
    await access_log.log_access(tx, person_id, "history_read", actor=actor)
    return rows
