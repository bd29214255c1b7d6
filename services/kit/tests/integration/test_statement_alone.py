"""`Db.alone`: one statement in a transaction of its own, in one round trip, with its values as
constants."""

from __future__ import annotations

from uuid import uuid4

import asyncpg
import pytest

from wir_kit.db import DatabaseUnavailable, Db, UnknownDistrict
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE, HANAU

from .test_database_faults import cut_behind_the_pools_back

INSERT = "INSERT INTO notes (district, id, body) VALUES ({district}, {id}, {body})"
RENAME = "UPDATE notes SET body = {body} WHERE id = {id}"


@pytest.fixture
def pool_max() -> int:
    """One connection, so that each call reuses the one before's session."""
    return 1


async def sent_for(db: Db, district: str, template: str, /, **values: object) -> tuple[str, list[str]]:
    sent: list[str] = []
    async with db.pool.acquire() as conn:
        conn.add_query_logger(lambda logged: sent.append(logged.query))
    sent.clear()
    status = await db.alone(district, template, **values)
    return status, sent


async def test_a_statement_alone_is_one_round_trip_committed_in_its_district(db: Db) -> None:
    note_id = uuid4()
    status, sent = await sent_for(db, BERGSTRASSE, INSERT, district=BERGSTRASSE, id=note_id, body="alone")

    assert status == "INSERT 0 1"
    assert len(sent) == 1  # no BEGIN, no COMMIT, no reset on release
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT body FROM notes WHERE id = $1", note_id) == "alone"
        # Nothing of the district is left in the session.
        assert await tx.fetchval("SELECT count(*) FROM notes") == 1
    async with db.pool.acquire() as conn:
        assert not await conn.fetchval("SELECT current_setting('wir.district', true)")


async def test_a_statement_alone_sees_only_its_districts_rows(db: Db) -> None:
    note_id = uuid4()
    await db.alone(BERGSTRASSE, INSERT, district=BERGSTRASSE, id=note_id, body="of Bergstraße")

    assert await db.alone(HANAU, RENAME, body="taken", id=note_id) == "UPDATE 0"
    assert await db.alone(BERGSTRASSE, RENAME, body="renamed", id=note_id) == "UPDATE 1"


async def test_values_keep_every_character_and_cannot_leave_their_constant(db: Db) -> None:
    body = "O'Brien \\' \\\\n \\x41 $$ {id} ; COMMIT; -- «Ümit» 🙂"
    note_id = uuid4()
    await db.alone(BERGSTRASSE, INSERT, district=BERGSTRASSE, id=note_id, body=body)

    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT body FROM notes WHERE id = $1", note_id) == body


async def test_a_value_without_a_safe_constant_or_an_unknown_district_is_refused(db: Db) -> None:
    with pytest.raises(TypeError, match="bytes"):
        await db.alone(BERGSTRASSE, RENAME, body=b"raw", id=uuid4())
    with pytest.raises(UnknownDistrict):
        await db.alone("99999", RENAME, body="x", id=uuid4())


async def test_a_failing_statement_leaves_nothing_and_the_connection_serves_on(db: Db) -> None:
    note_id = uuid4()
    await db.alone(BERGSTRASSE, INSERT, district=BERGSTRASSE, id=note_id, body="first")

    with pytest.raises(asyncpg.UniqueViolationError):
        await db.alone(BERGSTRASSE, INSERT, district=BERGSTRASSE, id=note_id, body="again")
    assert await db.alone(BERGSTRASSE, RENAME, body="still there", id=note_id) == "UPDATE 1"


async def test_a_lost_connection_is_unavailable_and_the_next_call_gets_a_fresh_one(
    db: Db, settings: Settings
) -> None:
    await db.alone(BERGSTRASSE, INSERT, district=BERGSTRASSE, id=uuid4(), body="before the cut")
    cut_behind_the_pools_back(settings)

    with pytest.raises(DatabaseUnavailable):
        await db.alone(BERGSTRASSE, INSERT, district=BERGSTRASSE, id=uuid4(), body="during the cut")
    await db.alone(BERGSTRASSE, INSERT, district=BERGSTRASSE, id=uuid4(), body="after the cut")
    async with db.transaction(BERGSTRASSE) as tx:
        bodies = {row["body"] for row in await tx.fetch("SELECT body FROM notes")}
    assert bodies == {"before the cut", "after the cut"}
