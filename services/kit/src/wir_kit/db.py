"""The service's connection pool and the district-scoped transaction every change goes through.

Every statement of a service connection ends after `database_statement_timeout_s`, and a
transaction waits at most `database_acquire_timeout_s` for a pooled connection. A connection the
server closed while it sat in the pool (a restart, `pg_terminate_backend`) is replaced once,
before the transaction begins; a connection lost later is `DatabaseUnavailable`, which the HTTP
layer answers 503 with Retry-After, as it does `DatabaseBusy`.

A transaction costs two round trips beyond its own statements: BEGIN with the district, and
COMMIT with the session reset that asyncpg's pool would otherwise send on release (one round
trip, and one commit, more).

While the process's own relay is active, a transaction that writes events wakes it directly
after the commit, and tells the outbox trigger to send no NOTIFY: PostgreSQL signals every
listening backend of the database on every NOTIFY, whatever its channel, and each reads the
queue in a transaction of its own (with the relays and the sender listening, five commits for
one). Writers without an active relay (a standby replica, the CLI) still notify.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from types import TracebackType
from typing import Literal, Protocol, cast

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from wir_contracts.districts import districts
from wir_contracts.envelope import Event
from wir_kit.db_errors import LOST, is_gone, raise_named, terminate
from wir_kit.db_errors import DatabaseBusy as DatabaseBusy
from wir_kit.db_errors import DatabaseUnavailable as DatabaseUnavailable
from wir_kit.pooled_connection import PooledConnection, reset_on_release
from wir_kit.settings import Settings
from wir_kit.sqlfile import load_queries
from wir_kit.tx import Claim as Claim
from wir_kit.tx import Opening as Opening
from wir_kit.tx import Tx as Tx
from wir_kit.tx import UnknownDistrict as UnknownDistrict
from wir_kit.tx import begin_statement, district_statement, outbox_insert, run_committed, sql_constant

Q = load_queries("wir_kit.sql")

#: Longest wait of the readiness probe for an idle pooled connection.
PROBE_TIMEOUT_S = 0.4
Health = Literal["up", "busy", "down"]
#: A connection in its district's transaction, the relay to wake after the commit, BEGIN's status.
_Begun = tuple[PoolConnectionProxy, "LocalRelay | None", str]


class LocalRelay(Protocol):
    """The process's own relay, as a transaction sees it."""

    @property
    def active(self) -> bool: ...

    def wake(self) -> None: ...


class Db:
    """The pool of the service's own login role, and its district-scoped transactions."""

    def __init__(self, pool: asyncpg.Pool, *, acquire_timeout_s: float = 10.0) -> None:
        self.pool = pool
        self.acquire_timeout_s = acquire_timeout_s
        #: Woken after a commit that wrote events, while it is active (see the module's doc).
        self.relay: LocalRelay | None = None

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
            connection_class=PooledConnection,
            reset=reset_on_release,
        )
        return cls(pool, acquire_timeout_s=settings.database_acquire_timeout_s)

    async def close(self, timeout_s: float | None = None) -> None:
        """Close the pool; connections still checked out after `timeout_s` are cut."""
        try:
            async with asyncio.timeout(timeout_s):
                await self.pool.close()
        except TimeoutError:
            self.pool.terminate()

    def transaction(self, district: str, *, claim: Opening | None = None) -> Transaction:
        """`async with db.transaction(district) as tx:` commits when the block ends, rolls back
        when it raises. With `claim` (an inbox `Claim`, an idempotency key's), the transaction
        begins by claiming its row (`tx.claimed` tells whether the row is new)."""
        return Transaction(self, district, claim)

    async def _begin(self, district: str, claim: Opening | None) -> _Begun:
        """A pooled connection in the district's transaction, the relay to wake after its commit
        if it writes events, and the status of the begin (the claim's, with one). One the server
        had closed while it sat in the pool fails at BEGIN, before anything was done: then once
        more, afresh."""
        # Asked once: a relay that stops being active before the commit is woken all the same,
        # and whichever relay becomes active next starts with a batch of what is due.
        relay = self.relay if self.relay is not None and self.relay.active else None
        # BEGIN and the transaction-local district in one round trip (a simple query takes no
        # parameters; the key is a known district, quoted all the same). The district is gone at
        # commit, and a connection without one sees no rows. Built before a connection is taken:
        # a claim may refuse a value.
        begin = begin_statement(district, relay_here=relay is not None)
        if claim is not None:
            begin = f"{begin};\n{claim.statement(district)}"
        for attempt in (1, 2):
            conn = await self._acquire()
            try:
                return conn, relay, await conn.execute(begin)
            except BaseException as exc:
                # Nothing was done yet: a connection the driver finds broken (its protocol failed,
                # or closed under it) is as good as lost, and the next one is tried.
                lost = isinstance(exc, (*LOST, asyncpg.InternalClientError)) or (
                    isinstance(exc, asyncpg.InterfaceError) and is_gone(conn)
                )
                terminate(conn)
                await self.pool.release(conn)
                if not lost:
                    raise
                # The others in the pool were most likely cut with it: each is replaced when next
                # acquired, rather than failing a transaction of its own.
                await self.pool.expire_connections()
                if attempt == 2:
                    raise DatabaseUnavailable("the database connection was lost") from exc
        raise AssertionError("unreachable")

    async def alone(
        self, district: str, template: str, /, *, events: Sequence[Event] = (), **values: object
    ) -> str:
        """One statement in a transaction of its own, in one round trip: `template` with each
        `{name}` written as the constant of `values[name]` (`sql_constant`), sent with the
        district in one simple query, whose implicit transaction commits with it. For a short
        write that must be durable before the next step (a message's hand-over), or a whole
        change that needs nothing read first. With `events`, `{outbox_insert}` is their INSERT
        into the outbox (`outbox_insert`: the statement may end it with a WHERE, and write them
        only if it changed something). Returns its status, e.g. "UPDATE 1". A lost connection
        leaves unknown whether it ran: the pool's connections are renewed, and a caller whose
        statement may run twice can try again."""
        if district not in districts():
            raise UnknownDistrict("unknown district code")
        constants = {name: sql_constant(value) for name, value in values.items()}
        if events:
            constants["outbox_insert"] = outbox_insert(events, district)
        statement = template.format_map(constants)
        relay = self.relay if events and self.relay is not None and self.relay.active else None
        conn = await self._acquire()
        try:
            head = district_statement(district, relay_here=relay is not None)
            status = await conn.execute(f"{head};\n{statement}")
        except BaseException as exc:
            gone = is_gone(conn)
            lost = gone or isinstance(exc, LOST)
            if lost or not isinstance(exc, asyncpg.PostgresError):
                # Cut off mid-statement (cancelled, or the connection lost): its state is unknown.
                terminate(conn)
            if lost:
                await self.pool.expire_connections()
            raise_named(exc, gone)
            raise
        else:
            # The district ended with the implicit transaction: the session holds nothing.
            cast("PooledConnection", conn).was_reset()
        finally:
            await self.pool.release(conn)
        if relay is not None:
            relay.wake()
        return str(status)

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
                # SELECT 1 leaves nothing in the session: no reset (a round trip and a commit).
                cast("PooledConnection", conn).was_reset()
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


class Transaction:
    """One district transaction on a pooled connection (a class rather than a generator-based
    context manager: it is entered for every request and every event)."""

    __slots__ = ("_claim", "_conn", "_db", "_district", "_reset", "_tx")

    def __init__(self, db: Db, district: str, claim: Opening | None = None) -> None:
        self._db = db
        self._district = district
        self._claim = claim
        self._conn: PoolConnectionProxy | None = None
        self._tx: Tx | None = None
        self._reset = ""

    async def __aenter__(self) -> Tx:
        if self._district not in districts():
            raise UnknownDistrict("unknown district code")
        # The Db's own helper, kept off its public face.
        conn, relay, status = await self._db._begin(self._district, self._claim)  # noqa: SLF001
        # Asked now: once the connection is lost, the pool may have taken the proxy back.
        self._reset = conn.get_reset_query()
        self._conn = conn
        self._tx = Tx(
            conn,
            self._district,
            claimed=None if self._claim is None else status == "INSERT 0 1",
            on_events=None if relay is None else relay.wake,
        )
        return self._tx

    async def __aexit__(
        self, _type: type[BaseException] | None, failure: BaseException | None, _tb: TracebackType | None
    ) -> None:
        conn, tx = self._conn, self._tx
        if conn is None or tx is None:
            return
        self._conn = self._tx = None
        reset = self._reset
        try:
            try:
                if failure is None:
                    # The events still waiting and the reset are part of the transaction. One
                    # that a failed statement aborted fails here too, rather than ending as a
                    # ROLLBACK that reports success (as a bare COMMIT does); so does an event the
                    # outbox refuses, and the connection goes with what it held.
                    await conn.execute(f"{tx.outbox_statement()}{reset}\nCOMMIT")
                else:
                    await conn.execute(f"ROLLBACK;\n{reset}")
            except BaseException as exc:
                gone = is_gone(conn)
                # Cut off mid-statement (a cancellation at shutdown, a lost connection): the
                # server rolls back whatever is open when the connection goes, and the pool
                # opens a fresh one.
                terminate(conn)
                raise_named(exc, gone)
                raise
            # The pool's proxy passes every call on to a PooledConnection until it is released.
            cast("PooledConnection", conn).was_reset()
            if failure is not None:
                raise_named(failure, is_gone(conn))
        finally:
            await self._db.pool.release(conn)
        if failure is None:
            run_committed(tx)
