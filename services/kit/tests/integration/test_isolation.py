"""Row-level security: a district's transaction cannot see or touch another district's rows."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from uuid import uuid4

import asyncpg
import pytest

from wir_kit.db import Db, Tx, UnknownDistrict
from wir_kit.runtime import apply_migrations
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE, MAIN_KINZIG
from wir_kit.testing.plugin import SettingsFactory
from wir_kit.testing.sample import add_note, spec


@pytest.fixture
def settings(wir_settings: SettingsFactory) -> Settings:
    return wir_settings()


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Db]:
    await apply_migrations(settings, spec())
    database = await Db.connect(settings)
    async with database.transaction(BERGSTRASSE) as tx:
        await tx.execute(
            "INSERT INTO notes (district, id, body) VALUES ($1, $2, 'of Bergstraße')", BERGSTRASSE, uuid4()
        )
    async with database.transaction(MAIN_KINZIG) as tx:
        await tx.execute(
            "INSERT INTO notes (district, id, body) VALUES ($1, $2, 'of Main-Kinzig')", MAIN_KINZIG, uuid4()
        )
    yield database
    await database.close()


async def test_a_query_without_where_sees_only_its_own_district(db: Db) -> None:
    async with db.transaction(BERGSTRASSE) as tx:
        rows = await tx.fetch("SELECT district, body FROM notes")
    assert [(r["district"], r["body"]) for r in rows] == [(BERGSTRASSE, "of Bergstraße")]


async def test_updates_and_deletes_cannot_reach_another_district(db: Db) -> None:
    async with db.transaction(BERGSTRASSE) as tx:
        assert (
            await tx.execute("UPDATE notes SET body = 'changed' WHERE district = $1", MAIN_KINZIG)
            == "UPDATE 0"
        )
        assert await tx.execute("DELETE FROM notes") == "DELETE 1"
    async with db.transaction(MAIN_KINZIG) as tx:
        assert await tx.fetchval("SELECT body FROM notes") == "of Main-Kinzig"


async def test_inserting_a_row_for_another_district_is_refused(db: Db) -> None:
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with db.transaction(BERGSTRASSE) as tx:
            await tx.execute(
                "INSERT INTO notes (district, id, body) VALUES ($1, $2, 'x')", MAIN_KINZIG, uuid4()
            )


async def test_a_connection_with_no_district_set_sees_no_rows(db: Db) -> None:
    async with db.pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM notes") == 0
        async with conn.transaction():
            await conn.execute("SELECT set_config('wir.district', '', true)")
            assert await conn.fetchval("SELECT count(*) FROM notes") == 0


async def test_the_district_does_not_outlive_its_transaction(db: Db, settings: Settings) -> None:
    db_one = await Db.connect(settings.model_copy(update={"database_pool_max": 1}))
    try:
        async with db_one.transaction(BERGSTRASSE):
            pass
        async with db_one.pool.acquire() as conn:  # the same physical connection, returned to the pool
            assert await conn.fetchval("SELECT count(*) FROM notes") == 0
    finally:
        await db_one.close()


async def test_the_outbox_of_another_district_is_out_of_sight(db: Db) -> None:
    # The service role may become the relay role (which reads every district's outbox) but does
    # not inherit it.
    async with db.transaction(MAIN_KINZIG) as tx:
        await add_note(tx, "of Main-Kinzig")
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM outbox") == 0
        assert await tx.execute("UPDATE outbox SET attempts = attempts + 1") == "UPDATE 0"
        assert await tx.execute("DELETE FROM outbox") == "DELETE 0"


async def test_the_service_role_owns_nothing_and_cannot_bypass_security(db: Db) -> None:
    async with db.pool.acquire() as conn:
        role = await conn.fetchrow("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        owned = await conn.fetchval("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("ALTER TABLE notes DISABLE ROW LEVEL SECURITY")
    assert not role["rolsuper"] and not role["rolbypassrls"]
    assert owned == 0


async def test_an_unknown_district_gets_no_transaction(db: Db) -> None:
    with pytest.raises(UnknownDistrict):
        async with db.transaction("99999"):
            pass


@pytest.fixture
async def db_one(settings: Settings) -> AsyncIterator[Db]:
    """A pool of one connection: the next transaction gets the same connection back."""
    await apply_migrations(settings, spec())
    database = await Db.connect(settings.model_copy(update={"database_pool_max": 1}))
    yield database
    await database.close()


async def write_a_note(tx: Tx) -> None:
    await tx.execute("INSERT INTO notes (district, id, body) VALUES ($1, $2, 'x')", BERGSTRASSE, uuid4())


async def test_a_failing_transaction_leaves_nothing_behind_and_a_clean_connection(db_one: Db) -> None:
    with pytest.raises(RuntimeError):
        async with db_one.transaction(BERGSTRASSE) as tx:
            await write_a_note(tx)
            raise RuntimeError("the handler fails after its first write")
    async with db_one.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 0


async def _wait_in_python(_tx: Tx) -> None:
    await asyncio.Event().wait()


async def _wait_in_the_database(tx: Tx) -> None:
    await tx.execute("SELECT pg_sleep(30)")


@pytest.mark.parametrize("wait", [_wait_in_python, _wait_in_the_database], ids=["between", "mid-statement"])
async def test_a_cancelled_transaction_is_rolled_back_and_the_pool_recovers(
    db_one: Db, wait: Callable[[Tx], Awaitable[None]]
) -> None:
    wrote = asyncio.Event()

    async def write_then_wait() -> None:
        async with db_one.transaction(BERGSTRASSE) as tx:
            await write_a_note(tx)
            wrote.set()
            await wait(tx)

    task = asyncio.create_task(write_then_wait())
    await asyncio.wait_for(wrote.wait(), timeout=10)
    await asyncio.sleep(0.2)  # let a statement reach the server
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with db_one.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 0


async def test_a_district_key_cannot_inject_sql(db: Db, monkeypatch: pytest.MonkeyPatch) -> None:
    # Known districts are digits only; should an operator's file ever carry a quote, it stays data.
    hostile = "06431'); DROP TABLE notes; --"
    monkeypatch.setattr("wir_kit.db.districts", lambda: {BERGSTRASSE, hostile})
    async with db.transaction(hostile) as tx:
        assert await tx.fetchval("SELECT current_setting('wir.district')") == hostile
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 1


async def test_forgetting_events_removes_only_the_matching_rows_of_the_own_district(db: Db) -> None:
    async with db.transaction(BERGSTRASSE) as tx:
        gone = await add_note(tx, "about the erased person")
        kept = await add_note(tx, "about someone else")
    async with db.transaction(MAIN_KINZIG) as tx:
        elsewhere = await add_note(tx, "same note id, other district")
        await tx.execute(
            "UPDATE outbox SET payload = replace(payload, $1, $2)", str(elsewhere.note_id), str(gone.note_id)
        )

    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.forget_events(note_id=gone.note_id) == 1
        assert [r["event_id"] for r in await tx.fetch("SELECT event_id FROM outbox")] == [kept.event_id]
        with pytest.raises(ValueError, match="at least one field"):
            await tx.forget_events()
    async with db.transaction(MAIN_KINZIG) as tx:
        assert await tx.fetchval("SELECT count(*) FROM outbox") == 1
