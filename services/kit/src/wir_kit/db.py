"""The service's connection pool and the district-scoped transaction every change goes through."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from wir_contracts.districts import districts
from wir_contracts.envelope import Event
from wir_kit import context
from wir_kit.settings import Settings
from wir_kit.sqlfile import load_queries

Q = load_queries("wir_kit.sql")
Connection = asyncpg.Connection | PoolConnectionProxy


class UnknownDistrict(ValueError):
    """A transaction was asked for a district the installation does not know."""


class Tx:
    """One transaction of one district: queries see only that district's rows (RLS)."""

    __slots__ = ("conn", "district")

    def __init__(self, conn: Connection, district: str) -> None:
        self.conn = conn
        self.district = district

    async def publish(self, event: Event, *, not_before: datetime | None = None) -> None:
        """Write an event to the outbox; it is published if and when this transaction commits."""
        if event.district != self.district:
            raise UnknownDistrict("an event must belong to the district of its transaction")
        event = _with_causal_ids(event)
        await self.conn.execute(
            Q["outbox_insert"],
            event.event_id,
            event.district,
            event.routing_key(),
            event.event_type,
            event.correlation_id,
            event.model_dump_json(),
            not_before,
        )

    async def forget_events(self, **about: str | UUID) -> int:
        """Delete this district's outbox rows whose payload holds all of `about`, published or
        still due; returns how many. Published rows otherwise stay for the outbox retention, so
        an erasure calls this before it publishes its own (ids-only) announcement."""
        if not about:
            raise ValueError("forget_events needs at least one field to match")
        match = json.dumps({field: str(value) for field, value in about.items()})
        return await self.changed(Q["outbox_forget"], match)

    async def claim(self, consumer: str, event_id: UUID) -> bool:
        """Record that `consumer` handles `event_id`; False if it already did (a redelivery)."""
        status = await self.conn.execute(Q["inbox_claim"], self.district, consumer, event_id)
        return bool(status == "INSERT 0 1")

    async def execute(self, query: str, *args: Any) -> str:
        return str(await self.conn.execute(query, *args))

    async def changed(self, query: str, *args: Any) -> int:
        """Run an INSERT, UPDATE or DELETE; how many rows it changed."""
        status = str(await self.conn.execute(query, *args))
        return int(status.rsplit(" ", 1)[-1])

    async def executemany(self, query: str, args: Sequence[Sequence[Any]]) -> None:
        await self.conn.executemany(query, args)

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        return list(await self.conn.fetch(query, *args))

    async def fetchrow(self, query: str, *args: Any) -> asyncpg.Record | None:
        return await self.conn.fetchrow(query, *args)

    async def fetchval(self, query: str, *args: Any) -> Any:
        return await self.conn.fetchval(query, *args)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _with_causal_ids(event: Event) -> Event:
    """Fill the correlation and causation ids from the request or event being handled."""
    update: dict[str, Any] = {}
    if event.correlation_id is None and (correlation := context.correlation_id.get()):
        update["correlation_id"] = correlation
    if event.causation_id is None and (cause := context.causation_id.get()):
        update["causation_id"] = cause
    return event.model_copy(update=update) if update else event


class Db:
    """The pool of the service's own login role, and its district-scoped transactions."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    @classmethod
    async def connect(cls, settings: Settings) -> Db:
        pool = await asyncpg.create_pool(
            settings.app_database_url,
            min_size=1,
            max_size=settings.database_pool_max,
            server_settings={
                # public holds the extensions (pg_trgm, ...), never tables of a service.
                "search_path": f"{settings.pg_schema}, public",
                "application_name": f"wir-{settings.service}",
            },
        )
        return cls(pool)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def transaction(self, district: str) -> AsyncIterator[Tx]:
        if district not in districts():
            raise UnknownDistrict("unknown district code")
        async with self.pool.acquire() as conn:
            rolled_back = False
            try:
                # BEGIN and the transaction-local district in one round trip (a simple query takes
                # no parameters; the key is a known district, quoted all the same). The district
                # is gone at commit, and a connection without one sees no rows.
                await conn.execute(f"BEGIN; SELECT set_config('wir.district', {_literal(district)}, true)")
                try:
                    yield Tx(conn, district)
                except BaseException:
                    await conn.execute("ROLLBACK")
                    rolled_back = True
                    raise
                await conn.execute("COMMIT")
            except BaseException:
                if not rolled_back:
                    # Cut off mid-statement (a cancellation at shutdown, a lost connection): the
                    # server rolls back whatever is open when the connection goes, and the pool
                    # opens a fresh one.
                    conn.terminate()
                raise

    async def ping(self) -> bool:
        return bool(await self.pool.fetchval("SELECT 1") == 1)
