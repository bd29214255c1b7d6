"""The outbox relay: publishes committed events in order, on one replica at a time.

The active relay holds a session-level advisory lock on its own connection. When its process
dies, Postgres drops the connection and the lock with it, and a standby that polls the lock
every `relay_lock_poll_s` takes over. The relay sleeps until a NOTIFY from the outbox trigger,
the next `not_before`, or a safety poll, whichever comes first.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

import asyncpg

from wir_kit import metrics
from wir_kit.logging import get_logger
from wir_kit.migrations import Roles
from wir_kit.publisher import NotConfirmed, Outgoing, Publisher, Unroutable
from wir_kit.settings import Settings
from wir_kit.sqlfile import load_queries

Q = load_queries("wir_kit.sql")
log = get_logger("wir_kit.relay")
_PRUNE_EVERY_S = 600.0


class Relay:
    def __init__(self, settings: Settings, publisher: Publisher) -> None:
        self.settings = settings
        self.publisher = publisher
        self.active = False
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._last_prune = 0.0

    async def run(self) -> None:
        """Run until `stop()`: wait for the lock, then relay; start over after any failure."""
        while not self._stopping.is_set():
            try:
                await self._serve_once()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("relay connection lost", error=type(exc).__name__)
            finally:
                self._set_active(False)
            await self._sleep(self.settings.relay_lock_poll_s)

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def _serve_once(self) -> None:
        conn = await asyncpg.connect(
            self.settings.app_database_url,
            server_settings={
                "search_path": self.settings.pg_schema,
                "application_name": f"wir-{self.settings.service}-relay",
            },
        )
        try:
            if not await self._acquire(conn):
                return
            # The relay role may read every district's outbox rows, and nothing else.
            await conn.execute(f'SET ROLE "{Roles.for_schema(self.settings.pg_schema).relay}"')
            await conn.add_listener(f"wir_outbox_{self.settings.pg_schema}", self._on_notify)
            self._set_active(True)
            while not self._stopping.is_set():
                if await self.relay_batch(conn) == self.settings.relay_batch_size:
                    continue
                await self._prune(conn)
                await self._sleep(await self._idle_time(conn))
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(), timeout=2)

    async def _acquire(self, conn: asyncpg.Connection) -> bool:
        while not self._stopping.is_set():
            if await conn.fetchval(Q["relay_try_lock"], self.settings.pg_schema):
                log.info("relay active")
                return True
            await self._sleep(self.settings.relay_lock_poll_s)
        return False

    async def relay_batch(self, conn: asyncpg.Connection) -> int:
        """Publish the due rows with confirms in flight; mark each by its outcome. Returns count."""
        rows = await conn.fetch(Q["relay_due"], self.settings.relay_batch_size)
        if not rows:
            return 0
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
            log.warning("broker unavailable, relay waits")
            await self._sleep(self.settings.relay_lock_poll_s)
            return 0
        return len(rows)

    async def mark_published(self, conn: asyncpg.Connection, ids: Sequence[int]) -> None:
        await conn.execute(Q["relay_mark_published"], ids)

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

    async def _idle_time(self, conn: asyncpg.Connection) -> float:
        due_in = await conn.fetchval(Q["relay_next_due_in"])
        if due_in is None:
            return self.settings.relay_idle_poll_s
        return max(0.0, min(float(due_in), self.settings.relay_idle_poll_s))

    async def _prune(self, conn: asyncpg.Connection) -> None:
        if time.monotonic() - self._last_prune < _PRUNE_EVERY_S:
            return
        self._last_prune = time.monotonic()
        await conn.execute(Q["relay_prune"], self.settings.outbox_retention_h * 3600)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()

    def _on_notify(self, *_: object) -> None:
        self._wake.set()

    def _set_active(self, active: bool) -> None:
        self.active = active
        metrics.RELAY_ACTIVE.labels(self.settings.service).set(1 if active else 0)
