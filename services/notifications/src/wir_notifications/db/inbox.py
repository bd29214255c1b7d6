"""The inbox: every message as written for its recipient, who alone may read it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from wir_kit import Tx, load_queries

Q = load_queries("wir_notifications.db", "inbox.sql")


async def page(
    tx: Tx, recipient_id: UUID, kinds: list[str], limit: int, before: datetime | None
) -> list[asyncpg.Record]:
    """The recipient's messages (as one of `kinds`), newest first: the API's inbox message."""
    return await tx.fetch(Q["inbox_list"], recipient_id, limit, before, kinds)


async def mark_read(tx: Tx, notification_id: UUID, recipient_id: UUID, kinds: list[str]) -> bool:
    """Mark a message of this recipient (as one of `kinds`) read; False if there is none."""
    return await tx.fetchrow(Q["inbox_mark_read"], notification_id, recipient_id, kinds) is not None


async def erase_person(tx: Tx, person_id: UUID) -> None:
    await tx.execute(Q["person_messages_erase"], person_id)


async def linked(tx: Tx, notification_id: UUID) -> asyncpg.Record | None:
    """Subject, text, language and recipient kind of the message a signed link names; None when
    it is gone."""
    return await tx.fetchrow(Q["linked_message"], notification_id)
