"""An interpreter's calendar: the bookings in their district's rows, whoever requested them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from wir_kit import Tx, load_queries

Q = load_queries("wir_interpreting.db", "calendar.sql")


async def bookings(
    tx: Tx, interpreter_id: UUID, start: datetime, end: datetime, *, released: bool
) -> list[asyncpg.Record]:
    return await tx.fetch(Q["bookings"], tx.district, interpreter_id, start, end, released)
