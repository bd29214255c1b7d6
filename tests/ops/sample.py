"""A tiny service for the CLI's tests: one table of notes, one subscription, demo data.

Importable on its own (no package-relative imports): `wir run`'s children load it too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from wir_contracts.envelope import Event
from wir_kit.db import Db, Tx
from wir_kit.service import ServiceSpec
from wir_kit.subscriptions import Subscription

BERGSTRASSE = "06431"
PERSON_NAME = "Fatima Yilmaz"
DEMO_NOTE = UUID("00000000-0000-4000-8000-000000000001")

MIGRATION = """
CREATE TABLE notes (
    district text NOT NULL,
    id       uuid NOT NULL,
    PRIMARY KEY (district, id)
);
CREATE TABLE seen (
    district text NOT NULL,
    event_id uuid NOT NULL,
    PRIMARY KEY (district, event_id)
);
"""


class NoteTaken(Event):
    """A note about a person was taken (test event of the CLI's tests)."""

    PRODUCER: ClassVar[str] = "opstest"
    EVENT: ClassVar[str] = "note_taken"

    note_id: UUID = Field(description="The note.")
    person_name: str = Field(description="Stands in for personal data: never to be printed.")


async def record_seen(event: NoteTaken, tx: Tx) -> None:
    await tx.execute("INSERT INTO seen (district, event_id) VALUES ($1, $2)", event.district, event.event_id)


async def seed_notes(db: Db) -> int:
    """The demo note, once: a second run creates nothing."""
    async with db.transaction(BERGSTRASSE) as tx:
        status = await tx.execute(
            "INSERT INTO notes (district, id) VALUES ($1, $2) ON CONFLICT DO NOTHING", BERGSTRASSE, DEMO_NOTE
        )
    return int(status.rsplit(" ", 1)[-1])


def write_migrations(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0001_notes.sql").write_text(MIGRATION)
    return folder


def spec(
    name: str,
    migrations: Path,
    *,
    handler: Callable[[NoteTaken, Tx], Awaitable[None]] = record_seen,
    seed_demo: Callable[[Db], Awaitable[int]] | None = seed_notes,
    port: int = 0,
) -> ServiceSpec:
    return ServiceSpec(
        name=name,
        port=port,
        migrations=migrations,
        subscriptions=[Subscription("note_taken", NoteTaken, handler)],
        publishes=[NoteTaken],
        seed_demo=seed_demo,
    )
