"""A transaction's cost in round trips, and what it leaves behind on its pooled connection."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import asyncpg
import pytest

from wir_kit import RowClaim
from wir_kit.db import Claim, Db
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.sample import NoteTaken, add_note
from wir_kit.tx import Tx


@pytest.fixture
def pool_max() -> int:
    """One connection, so that each transaction reuses the one before's session."""
    return 1


async def statements_of(
    db: Db, work: Callable[[Tx], Awaitable[object]] = lambda tx: add_note(tx, "counted")
) -> list[str]:
    """What the pool's connection is sent for one transaction doing `work` (by default writing a
    note), until released."""
    sent: list[str] = []
    async with db.pool.acquire() as conn:
        conn.add_query_logger(lambda logged: sent.append(logged.query))
    sent.clear()
    async with db.transaction(BERGSTRASSE) as tx:
        await work(tx)
    return sent


async def test_a_transaction_costs_two_round_trips_beyond_its_statements(db: Db) -> None:
    sent = await statements_of(db)

    assert len(sent) == 3  # BEGIN with the district; the note; its outbox row, reset and COMMIT
    assert sent[0].startswith("BEGIN;")
    assert "INSERT INTO outbox" in sent[-1] and sent[-1].endswith("COMMIT")
    assert "RESET ALL" in sent[-1]  # nothing more on release


async def test_a_statement_that_leaves_the_outbox_alone_lets_the_events_wait_for_the_commit(db: Db) -> None:
    async def answer_after_the_note(tx: Tx) -> None:
        note = await add_note(tx, "noted")
        query = "UPDATE notes SET body = $1 WHERE id = $2"
        assert await tx.execute_before_events(query, "answered", note.note_id) == "UPDATE 1"

    sent = await statements_of(db, answer_after_the_note)

    assert len(sent) == 4  # BEGIN; the note; the update; its event, reset and COMMIT
    assert "INSERT INTO outbox" in sent[-1] and sent[-1].endswith("COMMIT")
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT body FROM notes") == "answered"
        payload = await tx.fetchval("SELECT payload FROM outbox")
    assert NoteTaken.model_validate_json(payload).body == "noted"


async def test_session_state_a_statement_leaves_does_not_reach_the_next_transaction(db: Db) -> None:
    async with db.transaction(BERGSTRASSE) as tx:
        await tx.execute("SET statement_timeout = 1234")
        await tx.execute("SELECT pg_advisory_lock(4242)")
        await tx.execute("LISTEN wir_test_channel")

    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SHOW statement_timeout") != "1234ms"
        locks = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        assert await tx.fetchval(locks) == 0
        assert await tx.fetchval("SELECT count(*) FROM pg_listening_channels()") == 0


async def test_session_state_of_a_rolled_back_transaction_is_reset_too(db: Db) -> None:
    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        async with db.transaction(BERGSTRASSE) as tx:
            await tx.execute("SELECT pg_advisory_lock(4243)")  # session-level: survives ROLLBACK
            raise Abort

    async with db.transaction(BERGSTRASSE) as tx:
        locks = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        assert await tx.fetchval(locks) == 0


async def test_a_connection_used_outside_a_transaction_is_reset_on_release(db: Db) -> None:
    async with db.pool.acquire() as conn:
        await conn.execute("SET statement_timeout = 4321")
    async with db.pool.acquire() as conn:
        assert await conn.fetchval("SHOW statement_timeout") != "4321ms"


async def test_a_transaction_aborted_by_a_swallowed_error_fails_instead_of_reporting_success(db: Db) -> None:
    with pytest.raises(asyncpg.InFailedSQLTransactionError):
        async with db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "never committed")
            with pytest.raises(asyncpg.DivisionByZeroError):
                await tx.execute("SELECT 1 / 0")

    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 0
        assert await tx.fetchval("SELECT count(*) FROM outbox") == 0


async def test_events_published_together_are_written_in_one_statement_in_their_order(db: Db) -> None:
    sent: list[str] = []
    async with db.pool.acquire() as conn:
        conn.add_query_logger(lambda logged: sent.append(logged.query))
    later = datetime.now(UTC) + timedelta(hours=1)
    events = [NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body=str(i)) for i in range(3)]
    sent.clear()
    async with db.transaction(BERGSTRASSE) as tx:
        await tx.publish(events[0])
        await tx.publish(events[1], not_before=later)
        await tx.publish(events[2])

    assert len([q for q in sent if "INSERT INTO outbox" in q]) == 1
    async with db.transaction(BERGSTRASSE) as tx:
        rows = await tx.fetch("SELECT event_id, not_before FROM outbox ORDER BY id")
    assert [r["event_id"] for r in rows] == [e.event_id for e in events]
    assert rows[1]["not_before"] == later
    assert rows[0]["not_before"] < later and rows[2]["not_before"] < later


async def test_events_written_with_the_commit_keep_every_character_and_their_due_time(db: Db) -> None:
    body = "O'Brien \\' \\\\n \\x41 $$ ; COMMIT; -- «Ümit» 🙂 \u200f"
    naive = datetime(2031, 5, 6, 7, 8, 9)  # taken as UTC, as the driver takes a parameter
    aware = datetime(2031, 5, 6, 9, 8, 9, tzinfo=timezone(timedelta(hours=2)))
    events = [
        NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body=body, correlation_id=correlation)
        for correlation in ("req:0", None, "req:2")
    ]
    async with db.transaction(BERGSTRASSE) as tx:
        await tx.publish(events[0], not_before=naive)
        await tx.publish(events[1], not_before=aware)
        await tx.publish(events[2])

    async with db.transaction(BERGSTRASSE) as tx:
        rows = await tx.fetch("SELECT event_id, correlation_id, payload, not_before FROM outbox ORDER BY id")
    assert [r["event_id"] for r in rows] == [e.event_id for e in events]
    assert [NoteTaken.model_validate_json(r["payload"]).body for r in rows] == [body] * 3
    assert [r["correlation_id"] for r in rows] == ["req:0", None, "req:2"]
    assert rows[0]["not_before"] == rows[1]["not_before"] == naive.replace(tzinfo=UTC)
    assert rows[2]["not_before"] < naive.replace(tzinfo=UTC)


async def test_a_published_event_is_in_the_outbox_for_the_transactions_next_statement(db: Db) -> None:
    async with db.transaction(BERGSTRASSE) as tx:
        event = await add_note(tx, "read back")
        assert await tx.fetchval("SELECT count(*) FROM outbox WHERE event_id = $1", event.event_id) == 1
        assert await tx.forget_events(note_id=event.note_id) == 1


async def test_an_event_the_outbox_refuses_at_commit_rolls_the_transaction_back(db: Db) -> None:
    event = NoteTaken(district=BERGSTRASSE, note_id=uuid4(), body="twice")
    with pytest.raises(asyncpg.UniqueViolationError):
        async with db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "rolled back with it")
            await tx.publish(event)
            await tx.publish(event)

    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 0
        assert await tx.fetchval("SELECT count(*) FROM outbox") == 0


async def test_after_commit_runs_once_the_transaction_has_committed_and_never_on_rollback(db: Db) -> None:
    seen: list[str] = []

    async def notes() -> int:
        async with db.transaction(BERGSTRASSE) as tx:
            return int(await tx.fetchval("SELECT count(*) FROM notes"))

    async with db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "kept")
        tx.after_commit(lambda: seen.append("committed"))
        assert seen == []
    assert seen == ["committed"]
    assert await notes() == 1

    with pytest.raises(RuntimeError):
        async with db.transaction(BERGSTRASSE) as tx:
            await add_note(tx, "rolled back")
            tx.after_commit(lambda: seen.append("rolled back"))
            raise RuntimeError("the handler failed")
    assert seen == ["committed"]
    assert await notes() == 1


async def test_a_failing_after_commit_callback_leaves_the_commit_and_the_others_standing(db: Db) -> None:
    seen: list[str] = []

    def fails() -> None:
        raise ValueError("a bug in the callback")

    async with db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "kept")
        tx.after_commit(fails)
        tx.after_commit(lambda: seen.append("second"))
    assert seen == ["second"]
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 1


async def test_a_consumers_inbox_claim_is_sent_with_begin_and_holds_once(db: Db) -> None:
    sent: list[str] = []
    async with db.pool.acquire() as conn:
        conn.add_query_logger(lambda logged: sent.append(logged.query))
    sent.clear()
    event_id = uuid4()
    async with db.transaction(BERGSTRASSE, claim=Claim("sample.it's", event_id)) as tx:
        assert tx.claimed is True
        await add_note(tx, "handled once")

    assert len(sent) == 3  # BEGIN with the district and the claim; the note; outbox row and COMMIT
    assert sent[0].startswith("BEGIN;") and "INSERT INTO inbox" in sent[0]
    async with db.transaction(BERGSTRASSE, claim=Claim("sample.it's", event_id)) as tx:
        assert tx.claimed is False  # a redelivery
    async with db.transaction(BERGSTRASSE, claim=Claim("sample.other", event_id)) as tx:
        assert tx.claimed is True  # another consumer's first
    async with db.transaction(BERGSTRASSE) as tx:
        assert tx.claimed is None
        assert await tx.fetchval("SELECT count(*) FROM inbox") == 2


async def test_the_claim_of_a_transaction_rolled_back_is_gone_with_it(db: Db) -> None:
    event_id = uuid4()
    with pytest.raises(RuntimeError):
        async with db.transaction(BERGSTRASSE, claim=Claim("sample.notes", event_id)) as tx:
            assert tx.claimed
            await add_note(tx, "rolled back")
            raise RuntimeError("the handler failed")

    async with db.transaction(BERGSTRASSE, claim=Claim("sample.notes", event_id)) as tx:
        assert tx.claimed  # the event is handled again


CLAIM_NOTE = "INSERT INTO notes (district, id, body) VALUES ({district}, {id}, {body}) ON CONFLICT DO NOTHING"


async def test_a_row_claim_is_sent_with_begin_holds_once_and_keeps_its_values_whole(db: Db) -> None:
    sent: list[str] = []
    async with db.pool.acquire() as conn:
        conn.add_query_logger(lambda logged: sent.append(logged.query))
    sent.clear()
    note_id, hostile = uuid4(), "it's \\'); DROP TABLE notes; -- {body}"
    async with db.transaction(BERGSTRASSE, claim=RowClaim(CLAIM_NOTE, id=note_id, body=hostile)) as tx:
        assert tx.claimed is True

    assert len(sent) == 2  # BEGIN with the district and the claim; COMMIT
    assert sent[0].startswith("BEGIN;") and "INSERT INTO notes" in sent[0]
    async with db.transaction(BERGSTRASSE, claim=RowClaim(CLAIM_NOTE, id=note_id, body="again")) as tx:
        assert tx.claimed is False  # a retry: the row is there
        assert await tx.fetchval("SELECT body FROM notes WHERE id = $1", note_id) == hostile


async def test_a_row_claim_rolled_back_is_gone_and_a_refused_value_begins_nothing(db: Db) -> None:
    note_id = uuid4()
    with pytest.raises(RuntimeError):
        async with db.transaction(BERGSTRASSE, claim=RowClaim(CLAIM_NOTE, id=note_id, body="x")) as tx:
            assert tx.claimed
            raise RuntimeError("the request failed")
    with pytest.raises(TypeError):
        async with db.transaction(BERGSTRASSE, claim=RowClaim(CLAIM_NOTE, id=note_id, body=b"raw")):
            pass

    async with db.transaction(BERGSTRASSE, claim=RowClaim(CLAIM_NOTE, id=note_id, body="y")) as tx:
        assert tx.claimed  # claimed afresh
    assert db.pool.get_idle_size() == db.pool.get_size()  # the refused claim held no connection


def test_a_claim_takes_only_a_uuid_for_the_event_id() -> None:
    with pytest.raises(TypeError):
        # A str on purpose: what a caller that skips the type check could hand over.
        Claim("sample.notes", "x'); DROP TABLE notes; --")  # type: ignore[arg-type]
