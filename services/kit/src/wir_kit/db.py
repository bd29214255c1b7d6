"""The service's connection pool and the district-scoped transaction every change goes through.

Every statement of a service connection ends after `database_statement_timeout_s`, and a
transaction waits at most `database_acquire_timeout_s` for a pooled connection. A connection the
server closed while it sat in the pool (a restart, `pg_terminate_backend`) is replaced once,
before the transaction begins; a connection lost later is `DatabaseUnavailable`, which the HTTP
layer answers 503 with Retry-After, as it does `DatabaseBusy`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, Literal
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


#: Seconds a client is told to wait before it tries again after a 503 of the database.
RETRY_AFTER_S = 2
#: Longest wait of the readiness probe for an idle pooled connection.
PROBE_TIMEOUT_S = 0.4
#: The server or the network ended the connection (not: a statement failed).
_LOST_BY_DRIVER = (
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
)
_LOST = (ConnectionError, *_LOST_BY_DRIVER)
Health = Literal["up", "busy", "down"]


class UnknownDistrict(ValueError):
    """A transaction was asked for a district the installation does not know."""


class DatabaseUnavailable(ConnectionError):
    """The database cannot be reached or lost the connection; the work may be tried again later.

    A ConnectionError, so that code catching `OSError` around the database goes on catching it."""

    retry_after_s = RETRY_AFTER_S


class DatabaseBusy(DatabaseUnavailable):
    """No pooled connection came free in time, or a statement ran out of time."""


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

    def __init__(self, pool: asyncpg.Pool, *, acquire_timeout_s: float = 10.0) -> None:
        self.pool = pool
        self.acquire_timeout_s = acquire_timeout_s

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
                "statement_timeout": str(max(1, int(settings.database_statement_timeout_s * 1000))),
            },
        )
        return cls(pool, acquire_timeout_s=settings.database_acquire_timeout_s)

    async def close(self, timeout_s: float | None = None) -> None:
        """Close the pool; connections still checked out after `timeout_s` are cut."""
        try:
            await asyncio.wait_for(self.pool.close(), timeout_s)
        except TimeoutError:
            self.pool.terminate()

    @asynccontextmanager
    async def transaction(self, district: str) -> AsyncIterator[Tx]:
        if district not in districts():
            raise UnknownDistrict("unknown district code")
        conn = await self._begin(district)
        rolled_back = False
        try:
            try:
                yield Tx(conn, district)
            except BaseException:
                await conn.execute("ROLLBACK")
                rolled_back = True
                raise
            await conn.execute("COMMIT")
        except BaseException as exc:
            gone = _gone(conn)
            if not rolled_back:
                # Cut off mid-statement (a cancellation at shutdown, a lost connection): the
                # server rolls back whatever is open when the connection goes, and the pool
                # opens a fresh one.
                _terminate(conn)
            _raise_named(exc, gone)
            raise
        finally:
            await self.pool.release(conn)

    async def _begin(self, district: str) -> PoolConnectionProxy:
        """A pooled connection in the district's transaction. One the server had closed while it
        sat in the pool fails at BEGIN, before anything was done: then once more, afresh."""
        for attempt in (1, 2):
            conn = await self._acquire()
            try:
                # BEGIN and the transaction-local district in one round trip (a simple query takes
                # no parameters; the key is a known district, quoted all the same). The district
                # is gone at commit, and a connection without one sees no rows.
                await conn.execute(f"BEGIN; SELECT set_config('wir.district', {_literal(district)}, true)")
                return conn
            except BaseException as exc:
                # Nothing was done yet: a connection the driver finds broken (its protocol failed,
                # or closed under it) is as good as lost, and the next one is tried.
                lost = isinstance(exc, (*_LOST, asyncpg.InternalClientError)) or (
                    isinstance(exc, asyncpg.InterfaceError) and _gone(conn)
                )
                _terminate(conn)
                await self.pool.release(conn)
                if not lost:
                    raise
                # The others in the pool were most likely cut with it: each is replaced when next
                # acquired, rather than failing a transaction of its own.
                await self.pool.expire_connections()
                if attempt == 2:
                    raise DatabaseUnavailable("the database connection was lost") from exc
        raise AssertionError("unreachable")

    async def _acquire(self) -> PoolConnectionProxy:
        try:
            return await self.pool.acquire(timeout=self.acquire_timeout_s)
        except TimeoutError as exc:
            raise DatabaseBusy("no database connection came free in time") from exc
        except (OSError, asyncpg.PostgresError) as exc:
            raise DatabaseUnavailable("no connection to the database") from exc

    async def health(self) -> Health:
        """`busy` when every pooled connection is in use (the database answers them), `down` when
        no idle or new connection answers; for readiness, which must not queue behind a burst."""
        if self._saturated():
            return "busy"
        try:
            async with self.pool.acquire(timeout=PROBE_TIMEOUT_S) as conn:
                answered = await conn.fetchval("SELECT 1", timeout=PROBE_TIMEOUT_S) == 1
        except TimeoutError:
            return "busy" if self._saturated() else "down"
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            return "down"
        return "up" if answered else "down"

    def _saturated(self) -> bool:
        return self.pool.get_idle_size() == 0 and self.pool.get_size() >= self.pool.get_max_size()

    async def ping(self) -> bool:
        """Ready unless the database is down: a saturated pool is busy, not failing."""
        return await self.health() != "down"


def _terminate(conn: PoolConnectionProxy) -> None:
    # A connection the server closed may already be back in the pool (asyncpg returns it).
    with contextlib.suppress(asyncpg.InterfaceError):
        conn.terminate()


def _gone(conn: PoolConnectionProxy) -> bool:
    """Closed, or already taken back by the pool (it does so with a connection that was lost);
    the transaction never gives its connection back itself before it ends."""
    try:
        return conn.is_closed()
    except asyncpg.InterfaceError:
        return True


def _raise_named(exc: BaseException, gone: bool) -> None:
    """A lost connection or a statement out of time, as the kit's own errors (for a 503)."""
    if isinstance(exc, DatabaseUnavailable):
        return
    if isinstance(exc, asyncpg.QueryCanceledError):
        raise DatabaseBusy("a database statement ran out of time") from exc
    # The driver refuses a statement on a connection it knows is closed (InterfaceError), or
    # finds its protocol broken by a connection cut mid-exchange (InternalClientError, which is
    # never a mistake of the caller's): both seen under a DB cut.
    driver_refused = isinstance(exc, asyncpg.InterfaceError) and gone
    if (
        driver_refused
        or isinstance(exc, asyncpg.InternalClientError)
        or (isinstance(exc, (*_LOST_BY_DRIVER, asyncpg.InterfaceError)) and _lost(exc))
    ):
        # Also the ROLLBACK that fails after the loss: its connection is back in the pool.
        raise DatabaseUnavailable("the database connection was lost") from exc


def _lost(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, _LOST_BY_DRIVER):
            return True
        exc = exc.__context__
    return False
