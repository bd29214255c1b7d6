"""The outbox relay: publishes committed events in order, on one replica at a time.

The active relay holds a session-level advisory lock on its own connection. When its process
dies, Postgres drops the connection and the lock with it, and a standby that polls the lock
every `relay_lock_poll_s` takes over. The relay sleeps until it is woken (by its own process
after a commit that wrote events, or by a NOTIFY from the outbox trigger for writers elsewhere),
the next `not_before`, or a safety poll, whichever comes first.

An event no queue is bound for goes to the alternate exchange's unrouted queue and counts as
published; the active relay reports that queue's depth (`wir_unrouted_events`). Only where the
alternate exchange is missing (an installation `wir migrate` has not upgraded) does the broker
return it, and the row is tried again later.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

import asyncpg
from aiormq.exceptions import AMQPError

from wir_kit import metrics
from wir_kit.jobs import nap
from wir_kit.logging import get_logger
from wir_kit.migrations import Roles
from wir_kit.publisher import NotConfirmed, Outgoing, Publisher, Unroutable
from wir_kit.relay_connection import connect_relay
from wir_kit.settings import Settings
from wir_kit.sqlfile import load_queries
from wir_kit.topology import unrouted_queue

Q = load_queries("wir_kit.sql")
log = get_logger("wir_kit.relay")
_PRUNE_EVERY_S = 600.0


class Relay:
    #: How often the active relay counts the unrouted queue.
    unrouted_poll_s = 30.0

    def __init__(self, settings: Settings, publisher: Publisher) -> None:
        self.settings = settings
        self.publisher = publisher
        self.active = False
        self._wake = asyncio.Event()
        # A NOTIFY since the next due time was last asked: a row may be due earlier now.
        self._notified = True
        self._due_at: float | None = None
        # Whether `_due_at` was learnt since the last batch was fetched (marking tells it).
        self._due_fresh = False
        self._stopping = asyncio.Event()
        # Not 0.0: the monotonic clock starts near boot, so on a machine up for less than
        # _PRUNE_EVERY_S the first prune would wait for a clock that has not got there yet.
        self._last_prune = float("-inf")
        self._last_batch = float("-inf")
        self._last_count: float | None = None
        # Outages are logged when they begin and end, not on every retry (585 lines in 25 s).
        self._broker_down = False
        self._database_down = False

    async def run(self) -> None:
        """Run until `stop()`: wait for the lock, then relay; start over after any failure."""
        while not self._stopping.is_set():
            try:
                await self._serve_once()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                if not self._database_down:
                    log.warning("relay connection lost", error=type(exc).__name__)
                self._database_down = True
            except Exception as exc:  # noqa: BLE001 - the relay must outlive any one round
                # Anything else that breaks a round must not end the relay either: a relay that
                # dies leaves every later event of the service unpublished while all else looks
                # healthy. Only the type is logged; a message may quote row data.
                log.error("relay round failed", error=type(exc).__name__)
            finally:
                self._set_active(False)
            await self._sleep(self.settings.relay_lock_poll_s)

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def _serve_once(self) -> None:
        # The relay's own login, bounded when its peer goes silent; a closed one wakes the relay.
        conn = await connect_relay(self.settings, on_lost=self._wake.set)
        try:
            if not await self._acquire(conn):
                return
            # The relay role may read every district's outbox rows, and nothing else.
            await conn.execute(f'SET ROLE "{Roles.for_schema(self.settings.pg_schema).relay}"')
            await conn.add_listener(f"wir_outbox_{self.settings.pg_schema}", self._on_notify)
            self._set_active(True)
            self._notified = True
            while not self._stopping.is_set():
                # The batch sees whatever the wake announced: a wake during it comes anew.
                woken, self._notified = self._notified, False
                relayed = await self.relay_batch(conn)
                if relayed == self.settings.relay_batch_size:
                    continue
                await self._prune(conn)
                await self._count_unrouted()
                # Asked only when not known: marking a batch answers it too. Idle, that leaves the
                # safety poll's one statement: the next due time changes only with rows written
                # (a wake that found none due: they are for later) or relayed, or when the row it
                # named is gone (erased) by the time it was due. A wake during the batch needs
                # none: the next batch comes at once.
                if (relayed and not self._due_fresh) or (woken and not relayed) or self._idle_time() == 0.0:
                    await self._ask_next_due(conn)
                await self._sleep(self._idle_time())
                await self._pace()
        finally:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await conn.close()

    async def _acquire(self, conn: asyncpg.Connection) -> bool:
        while not self._stopping.is_set():
            self._database_down = False
            if await conn.fetchval(Q["relay_try_lock"], self.settings.pg_schema):
                log.info("relay active")
                return True
            await self._sleep(self.settings.relay_lock_poll_s)
        return False

    async def relay_batch(self, conn: asyncpg.Connection) -> int:
        """Publish the due rows with confirms in flight; mark each by its outcome. Returns count."""
        self._due_fresh = False
        rows = await conn.fetch(Q["relay_due"], self.settings.relay_batch_size)
        if not rows:
            return 0
        self._last_batch = time.monotonic()
        results = await self.publisher.publish_many([self._outgoing(r) for r in rows])
        sent = [r["id"] for r, error in zip(rows, results, strict=True) if error is None]
        if sent:
            await self.mark_published(conn, sent)
            metrics.OUTBOX_PUBLISHED.labels(self.settings.service).inc(len(sent))
        lost = False
        for row, error in zip(rows, results, strict=True):
            if isinstance(error, Unroutable | NotConfirmed):
                await self._mark_failed(conn, row, error)
            elif error is not None:
                lost = True
        if lost:
            # The broker connection failed: the rows stay due and go out once it is back.
            if not self._broker_down:
                log.warning("broker unavailable, relay waits")
            self._broker_down = True
            await self._sleep(self.settings.relay_lock_poll_s)
            return 0
        if self._broker_down:
            log.info("broker back, relay publishes")
            self._broker_down = False
        return len(rows)

    async def mark_published(self, conn: asyncpg.Connection, ids: Sequence[int]) -> None:
        self._learn_next_due(await conn.fetchval(Q["relay_mark_published"], ids))

    async def _mark_failed(self, conn: asyncpg.Connection, row: asyncpg.Record, error: BaseException) -> None:
        reason = "unroutable" if isinstance(error, Unroutable) else type(error).__name__
        metrics.OUTBOX_PUBLISH_FAILURES.labels(self.settings.service, reason).inc()
        log.warning(
            "event not published", event_id=str(row["event_id"]), routing_key=row["routing_key"], error=reason
        )
        await conn.execute(Q["relay_mark_failed"], row["id"], reason, self.settings.relay_retry_s)

    def _outgoing(self, row: asyncpg.Record) -> Outgoing:
        return Outgoing(
            exchange=self.settings.exchange,
            routing_key=row["routing_key"],
            body=row["payload"].encode(),
            message_id=str(row["event_id"]),
            type=row["event_type"],
            correlation_id=row["correlation_id"],
            app_id=self.settings.service,
            headers={"x-wir-district": row["district"]},
        )

    async def _ask_next_due(self, conn: asyncpg.Connection) -> None:
        self._learn_next_due(await conn.fetchval(Q["relay_next_due_in"]))

    def _learn_next_due(self, due_in: float | None) -> None:
        self._due_at = None if due_in is None else time.monotonic() + float(due_in)
        self._due_fresh = True

    def _idle_time(self) -> float:
        if self._due_at is None:
            return self.settings.relay_idle_poll_s
        return max(0.0, min(self._due_at - time.monotonic(), self.settings.relay_idle_poll_s))

    async def _prune(self, conn: asyncpg.Connection) -> None:
        if time.monotonic() - self._last_prune < _PRUNE_EVERY_S:
            return
        self._last_prune = time.monotonic()
        await conn.execute(Q["relay_prune"], self.settings.outbox_retention_h * 3600)
        await conn.execute(Q["relay_prune_inbox"], self.settings.inbox_retention_h * 3600)

    async def _count_unrouted(self) -> None:
        now = time.monotonic()
        if self._last_count is not None and now - self._last_count < self.unrouted_poll_s:
            return
        self._last_count = now
        try:
            async with asyncio.timeout(self.settings.broker_timeout_s):
                count = await self.publisher.message_count(unrouted_queue(self.settings))
        except (AMQPError, OSError, RuntimeError, TimeoutError):
            return  # the broker is away; the next round counts again
        metrics.UNROUTED_EVENTS.labels(self.settings.service).set(count or 0)

    async def _pace(self) -> None:
        """Woken soon after a batch: wait out the linger, so that what the next transactions
        write goes out with it. An idle relay (nothing for `relay_linger_s`) goes at once."""
        wait = self._last_batch + self.settings.relay_linger_s - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)  # a linger at most: a stop waits no longer than that

    async def _sleep(self, seconds: float) -> None:
        await nap(self._wake, seconds)

    def wake(self) -> None:
        """Rows were written (by this process, after its commit): a row may be due earlier now."""
        self._notified = True
        self._wake.set()

    def _on_notify(self, *_: object) -> None:
        self.wake()

    def _set_active(self, active: bool) -> None:
        self.active = active
        metrics.RELAY_ACTIVE.labels(self.settings.service).set(1 if active else 0)
