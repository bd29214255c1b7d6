"""Printed documents: the code on each paper, the record version and language it shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from wir_competence.domain.errors import RecordNotFound
from wir_kit import Tx, load_queries

Q = load_queries("wir_competence.db", "documents.sql")


@dataclass(frozen=True, slots=True)
class NewDocument:
    code: str
    person_id: UUID
    record_version: int
    language: str
    issued_at: datetime
    holder_initials: str | None


async def insert_document(tx: Tx, document: NewDocument) -> None:
    """RecordNotFound when the record is gone (erased since the document was read)."""
    try:
        await tx.execute(
            Q["insert_document"],
            tx.district,
            document.code,
            document.person_id,
            document.record_version,
            document.language,
            document.issued_at,
            document.holder_initials,
        )
    except asyncpg.ForeignKeyViolationError as gone:
        raise RecordNotFound() from gone


async def document(tx: Tx, code: str) -> asyncpg.Record | None:
    """The printed document under `code`, with the record's current version; None if unknown."""
    return await tx.fetchrow(Q["document"], tx.district, code)
