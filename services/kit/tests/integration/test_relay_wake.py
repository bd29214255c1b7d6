"""How the relay learns of new events: its own process wakes it after the commit, with no NOTIFY
(which PostgreSQL signals to every listening backend of the database); a writer whose process has
no active relay notifies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import uuid4

import asyncpg
import pytest

from wir_kit.db import Db
from wir_kit.runtime import Runtime
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import NoteTaken, add_note, spec
from wir_kit.testing.service import rows
from wir_kit.testing.waiting import eventually

from .test_statement_alone import TAKE_NOTE

MARKER = "marker"


@dataclass
class CountedRelay:
    active: bool
    woken: int = 0

    def wake(self) -> None:
        self.woken += 1


@pytest.fixture
async def heard(settings: Settings) -> AsyncIterator[asyncio.Queue[str]]:
    """The payloads of the NOTIFYs on the schema's outbox channel, in commit order."""
    payloads: asyncio.Queue[str] = asyncio.Queue()
    conn = await asyncpg.connect(settings.database_admin_url)
    await conn.add_listener(f"wir_outbox_{settings.pg_schema}", lambda *a: payloads.put_nowait(a[3]))
    yield payloads
    await conn.close()


async def heard_until_marker(settings: Settings, payloads: asyncio.Queue[str]) -> list[str]:
    """Every NOTIFY up to a marker sent now: one committed before the marker arrives before it."""
    conn = await asyncpg.connect(settings.database_admin_url)
    try:
        await conn.execute("SELECT pg_notify($1, $2)", f"wir_outbox_{settings.pg_schema}", MARKER)
    finally:
        await conn.close()
    got: list[str] = []
    async with asyncio.timeout(10):
        while not got or got[-1] != MARKER:
            got.append(await payloads.get())
    return got


@pytest.mark.parametrize(
    ("active", "woken", "notified"),
    [
        # The process's own relay is woken after the commit; nobody else is signalled.
        (True, 1, [MARKER]),
        # A standby's (or the CLI's) events wake the active relay elsewhere by NOTIFY.
        (False, 0, ["", MARKER]),
    ],
    ids=["relay active here", "relay active elsewhere"],
)
@pytest.mark.parametrize("alone", [False, True], ids=["in a transaction", "by a statement alone"])
async def test_events_wake_the_relay_of_their_process_after_the_commit_or_else_notify(
    settings: Settings,
    db: Db,
    heard: asyncio.Queue[str],
    active: bool,
    woken: int,
    notified: list[str],
    alone: bool,
) -> None:
    relay = CountedRelay(active=active)
    db.relay = relay
    if alone:
        note = NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="alone")
        values = {"district": BERGSTRASSE, "id": note.note_id, "body": note.body}
        await db.alone(BERGSTRASSE, TAKE_NOTE, events=[note], **values)
    else:
        async with db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "one")
            await add_note(tx, "two")
            assert relay.woken == 0  # not before the commit: the relay would find nothing yet

    assert relay.woken == woken
    assert await heard_until_marker(settings, heard) == notified


async def test_the_relay_is_not_woken_for_a_transaction_without_events_or_one_rolled_back(db: Db) -> None:
    relay = CountedRelay(active=True)
    db.relay = relay
    async with db.transaction(BERGSTRASSE) as tx:
        await tx.fetchval("SELECT count(*) FROM notes")
    with pytest.raises(RuntimeError):
        async with db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "rolled back")
            raise RuntimeError("the handler failed")

    assert relay.woken == 0


async def test_a_running_service_publishes_its_events_without_waiting_for_the_safety_poll(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    # An hour's safety poll: only the wake after the commit can publish the note in time.
    runtime: Runtime = await wir_runtime(spec(), wir_settings(relay_idle_poll_s=3600.0))

    async def active() -> bool:
        return runtime.relay.active

    assert await eventually(active)
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        event = await add_note(tx, "published at once")

    async def published() -> bool:
        query = "SELECT published_at IS NOT NULL AS done FROM outbox WHERE event_id = $1"
        found = await rows(runtime, BERGSTRASSE, query, event.event_id)
        return bool(found and found[0]["done"])

    assert await eventually(published)
