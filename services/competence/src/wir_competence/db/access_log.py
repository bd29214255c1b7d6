"""Who read, printed or opened what: every access to a record, share openings (refused ones) too."""

from __future__ import annotations

from uuid import UUID

from wir_kit import Tx, load_queries

Q = load_queries("wir_competence.db", "access_log.sql")


async def log_access(
    tx: Tx, person_id: UUID, action: str, *, actor: str | None = None, share_id: UUID | None = None
) -> None:
    await tx.execute(Q["log_access"], tx.district, person_id, share_id, actor, action)
