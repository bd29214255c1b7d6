"""The district transaction's face to a service: statements, the outbox and the inbox."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from wir_contracts.envelope import Event
from wir_kit import context
from wir_kit.logging import get_logger
from wir_kit.sqlfile import load_queries

Q = load_queries("wir_kit.sql")
OUTBOX_COLUMNS = "event_id, district, routing_key, event_type, correlation_id, payload, not_before"
log = get_logger(__name__)
Connection = asyncpg.Connection | PoolConnectionProxy


class UnknownDistrict(ValueError):
    """A transaction was asked for a district the installation does not know."""


class Opening(Protocol):
    """A row a transaction begins by claiming, sent with BEGIN in one round trip: an INSERT of
    constants (`sql_constant`) with ON CONFLICT DO NOTHING, whose status tells whether the row
    was new (`Tx.claimed`). Waits, as such an INSERT does, for a concurrent claim of the same row
    to commit or roll back."""

    def statement(self, district: str) -> str: ...


class RowClaim:
    """An `Opening` from a template: each `{name}` written as the constant of `values[name]`,
    `{district}` as the transaction's district (`sql_constant`: only types that cannot leave
    the constant). For a claim that is not an inbox entry (an idempotency key's)."""

    __slots__ = ("template", "values")

    def __init__(self, template: str, /, **values: object) -> None:
        self.template = template
        self.values = values

    def statement(self, district: str) -> str:
        constants = {name: sql_constant(value) for name, value in self.values.items()}
        return self.template.format_map({**constants, "district": sql_constant(district)})


@dataclass(frozen=True, slots=True)
class Claim:
    """The inbox entry a consumer's transaction begins with: `consumer` handles `event_id` once.

    Sent with BEGIN in one round trip (a consumed event pays none of its own for it), so as
    literals: the consumer is a queue name of the installation's, the id a UUID."""

    consumer: str
    event_id: UUID

    def __post_init__(self) -> None:
        # Written into the statement as it is: only a UUID may go there unquoted.
        if not isinstance(self.event_id, UUID):
            raise TypeError("an inbox claim takes the event id as a UUID")

    def statement(self, district: str) -> str:
        return (
            "INSERT INTO inbox (district, consumer, event_id) VALUES "
            f"({_literal(district)}, {_literal(self.consumer)}, '{self.event_id}') ON CONFLICT DO NOTHING"
        )


class Tx:
    """One transaction of one district: queries see only that district's rows (RLS).

    Published events wait in the Tx and go into the outbox in one statement, just before the
    next statement of the transaction or its COMMIT: a command that publishes two events pays
    one round trip for them, and wakes the relay once (the trigger notifies per statement).
    """

    __slots__ = ("_on_events", "_outbox", "claimed", "committed", "conn", "district")

    def __init__(
        self,
        conn: Connection,
        district: str,
        *,
        claimed: bool | None = None,
        on_events: Callable[[], None] | None = None,
    ) -> None:
        self.conn = conn
        self.district = district
        #: For a transaction begun with a claim (`Opening`; an inbox `Claim`): whether its row is
        #: new (False: a redelivery, or a retried request, already handled); None without one.
        self.claimed = claimed
        #: Run once the transaction has committed (never when it rolls back), see `after_commit`.
        self.committed: list[Callable[[], None]] = []
        self._outbox: list[tuple[Any, ...]] = []
        #: Called after the commit if this transaction wrote events (the process's own relay).
        self._on_events = on_events

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` once this transaction has committed, and not if it rolls back: for
        in-process work that may start only on what is durable (a message claimed here, sent
        after). It must not block; what it raises is logged and does not undo the commit."""
        self.committed.append(callback)

    async def publish(self, event: Event, *, not_before: datetime | None = None) -> None:
        """Write an event to the outbox; it is published if and when this transaction commits."""
        self._outbox.append(outbox_row(event, self.district, not_before))

    async def write_outbox(self) -> None:
        """Write the events published since the last statement (the transaction does so itself
        before each statement, and with its COMMIT: `outbox_statement`)."""
        if not self._outbox:
            return
        rows = self._take_outbox()
        if len(rows) == 1:
            await self.conn.execute(Q["outbox_insert"], *rows[0])
        else:
            columns = [list(column) for column in zip(*rows, strict=True)]
            await self.conn.execute(Q["outbox_insert_many"], *columns)

    def outbox_statement(self) -> str:
        """The events published since the last statement as one INSERT of literals (or nothing),
        for the simple query that commits: the last write costs no round trip of its own."""
        if not self._outbox:
            return ""
        values = ",\n".join(_outbox_values(*row) for row in self._take_outbox())
        # One statement, rows in the order they were published (ids follow the VALUES list).
        return f"{Q['outbox_insert_values']}\n{values};\n"

    def _take_outbox(self) -> list[tuple[Any, ...]]:
        """The events waiting to be written; the first time, `on_events` joins the callbacks
        run after the commit (once per transaction, however many statements write events)."""
        rows, self._outbox = self._outbox, []
        if self._on_events is not None:
            self.committed.append(self._on_events)
            self._on_events = None
        return rows

    async def forget_events(self, **about: str | UUID) -> int:
        """Delete this district's outbox rows whose payload holds all of `about`, published or
        still due; returns how many. Published rows otherwise stay for the outbox retention, so
        an erasure calls this before it publishes its own (ids-only) announcement."""
        if not about:
            raise ValueError("forget_events needs at least one field to match")
        match = json.dumps({field: str(value) for field, value in about.items()})
        return await self.changed(Q["outbox_forget"], match)

    async def execute(self, query: str, *args: Any) -> str:
        if self._outbox:
            await self.write_outbox()
        return str(await self.conn.execute(query, *args))

    async def execute_before_events(self, query: str, *args: Any) -> str:
        """`execute` for a statement that neither reads nor writes the outbox: the events waiting
        stay for the next statement, or for the COMMIT when this is the last (an idempotent
        request's stored answer: one round trip less)."""
        return str(await self.conn.execute(query, *args))

    async def changed(self, query: str, *args: Any) -> int:
        """Run an INSERT, UPDATE or DELETE; how many rows it changed."""
        status = await self.execute(query, *args)
        return int(status.rsplit(" ", 1)[-1])

    async def executemany(self, query: str, args: Sequence[Sequence[Any]]) -> None:
        if self._outbox:
            await self.write_outbox()
        await self.conn.executemany(query, args)

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        if self._outbox:
            await self.write_outbox()
        return list(await self.conn.fetch(query, *args))

    async def fetchrow(self, query: str, *args: Any) -> asyncpg.Record | None:
        if self._outbox:
            await self.write_outbox()
        return await self.conn.fetchrow(query, *args)

    async def fetchval(self, query: str, *args: Any) -> Any:
        if self._outbox:
            await self.write_outbox()
        return await self.conn.fetchval(query, *args)


def outbox_row(event: Event, district: str, not_before: datetime | None = None) -> tuple[Any, ...]:
    """The event as the outbox keeps it, its causal ids filled in; only the district's own."""
    if event.district != district:
        raise UnknownDistrict("an event must belong to the district of its transaction")
    event = _with_causal_ids(event)
    kind, payload = event.event_type, event.model_dump_json()
    return (event.event_id, district, event.routing_key(), kind, event.correlation_id, payload, not_before)


def outbox_insert(events: Sequence[Event], district: str) -> str:
    """The INSERT of `events` into the outbox, as literals from a VALUES list named `events`: for a
    statement of `Db.alone` to end with (it may add a WHERE, to write them only if it changed
    something)."""
    if not events:
        raise ValueError("an outbox insert needs an event")
    values = ",\n".join(_outbox_values(*outbox_row(event, district)) for event in events)
    rows = f"SELECT * FROM (VALUES {values}) AS events ({OUTBOX_COLUMNS})"
    return f"INSERT INTO outbox ({OUTBOX_COLUMNS})\n{rows}"


def run_committed(tx: Tx) -> None:
    """The transaction's `after_commit` callbacks, once it has committed."""
    for callback in tx.committed:
        try:
            callback()
        except Exception as exc:  # noqa: BLE001 - the commit stands; the callback's work is lost
            log.error("after-commit callback failed", error=type(exc).__name__)


def _with_causal_ids(event: Event) -> Event:
    """Fill the correlation and causation ids from the request or event being handled."""
    update: dict[str, Any] = {}
    if event.correlation_id is None and (correlation := context.correlation_id.get()):
        update["correlation_id"] = correlation
    if event.causation_id is None and (cause := context.causation_id.get()):
        update["causation_id"] = cause
    return event.model_copy(update=update) if update else event


def _outbox_values(
    event_id: UUID,
    district: str,
    routing_key: str,
    event_type: str,
    correlation_id: str | None,
    payload: str,
    not_before: datetime | None,
) -> str:
    correlation = "NULL" if correlation_id is None else _literal(correlation_id)
    if not_before is None:
        due = "now()"
    else:
        # A naive time is taken as UTC, as the driver takes it for a parameter.
        aware = not_before if not_before.tzinfo is not None else not_before.replace(tzinfo=UTC)
        due = f"{_literal(aware.isoformat())}::timestamptz"
    texts = ", ".join(_literal(text) for text in (district, routing_key, event_type))
    return f"('{event_id}'::uuid, {texts}, {correlation}, {_literal(payload)}, {due})"


def _literal(text: str) -> str:
    """A string constant whatever `standard_conforming_strings` says: an escape string, with
    backslashes and quotes doubled (text cannot hold a NUL, the one other hazard)."""
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def sql_constant(value: object) -> str:
    """`value` written into a statement as a constant, for the simple queries that take no
    parameters: only types whose text cannot leave the constant (str as an escape string)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))  # an IntEnum's str() would be its name
    if isinstance(value, float) and math.isfinite(value):
        return repr(float(value))
    if isinstance(value, UUID):
        return f"'{value}'"
    if isinstance(value, str):
        return _literal(value)
    raise TypeError(f"no SQL constant for a {type(value).__name__}")


def district_statement(district: str, *, relay_here: bool = False) -> str:
    """The transaction-local district, as the first statement of a simple query; with
    `relay_here`, the outbox trigger sends no NOTIFY (the process wakes its own active relay
    after the commit instead)."""
    quiet = ", set_config('wir.relay_here', 'on', true)" if relay_here else ""
    return f"SELECT set_config('wir.district', {_literal(district)}, true){quiet}"


@functools.cache
def begin_statement(district: str, *, relay_here: bool = False) -> str:
    """BEGIN with the district (see `district_statement`)."""
    # Two per district the installation knows (transaction() refuses others): built once.
    return f"BEGIN; {district_statement(district, relay_here=relay_here)}"
