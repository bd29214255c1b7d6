"""`Db.alone`: one statement in a transaction of its own, in one round trip, with its values as
constants."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import uuid4

import asyncpg
import pytest

from wir_contracts.envelope import Event
from wir_kit.db import DatabaseUnavailable, Db, UnknownDistrict
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.sample import NoteTaken

from .test_database_faults import cut_behind_the_pools_back

INSERT = "INSERT INTO notes (district, id, body) VALUES ({district}, {id}, {body})"
RENAME = "UPDATE notes SET body = {body} WHERE id = {id}"
#: A note and its event in one statement: the event only if the note is new.
TAKE_NOTE = """
WITH taken AS (
    INSERT INTO notes (district, id, body) VALUES ({district}, {id}, {body})
    ON CONFLICT DO NOTHING RETURNING id
)
{outbox_insert}
WHERE EXISTS (SELECT FROM taken)
"""


@pytest.fixture
def pool_max() -> int:
    """One connection, so that each call reuses the one before's session."""
    return 1


async def sent_for(
    db: Db, district: str, template: str, /, events: Sequence[Event] = (), **values: object
) -> tuple[str, list[str]]:
    sent: list[str] = []
    async with db.pool.acquire() as conn:
        conn.add_query_logger(lambda logged: sent.append(logged.query))
    sent.clear()
    status = await db.alone(district, template, events=events, **values)
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


async def test_events_go_with_the_statement_and_only_when_it_changed_something(db: Db) -> None:
    note_id = uuid4()
    body = "it's {body} \\' 🙂"
    first = NoteTaken(district=BERGSTRASSE, note_id=note_id, body=body)
    again = NoteTaken(district=BERGSTRASSE, note_id=note_id, body=body)

    values = {"district": BERGSTRASSE, "id": note_id, "body": body}
    status, sent = await sent_for(db, BERGSTRASSE, TAKE_NOTE, events=[first], **values)
    assert (status, len(sent)) == ("INSERT 0 1", 1)
    assert await db.alone(BERGSTRASSE, TAKE_NOTE, events=[again], **values) == "INSERT 0 0"
    async with db.transaction(BERGSTRASSE) as tx:
        rows = await tx.fetch("SELECT event_id, event_type, payload FROM outbox")
    assert [(row["event_id"], row["event_type"]) for row in rows] == [(first.event_id, "note_taken")]
    assert NoteTaken.model_validate_json(rows[0]["payload"]).body == body


async def test_an_event_of_another_district_is_refused_before_anything_is_sent(db: Db) -> None:
    note_id = uuid4()
    elsewhere = NoteTaken(district=HANAU, note_id=note_id, body="x")
    with pytest.raises(UnknownDistrict):
        await db.alone(BERGSTRASSE, TAKE_NOTE, events=[elsewhere], district=BERGSTRASSE, id=note_id, body="x")
    async with db.transaction(BERGSTRASSE) as tx:
        assert await tx.fetchval("SELECT count(*) FROM notes") == 0
