"""A sample service, built as every WIR service is, for the tests of the kit and of `wir`.

It keeps notes: `POST /notes` writes one and publishes `NoteTaken` in the same transaction;
its one subscription consumes those events into `seen`; `GET /notes/{id}` answers a missing
note through the declared error mapping; the demo district gets one note. A note's `body`
stands in for personal data: the tests check that it is never logged nor printed.

Importable on its own, by its public API only (`from wir_kit import ...`), as a service would
be: the children of `wir run` load it through an entry point too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, ClassVar
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from wir_contracts.envelope import Event
from wir_kit import (
    Answer,
    Database,
    Db,
    Principal,
    Role,
    ServiceSpec,
    Staff,
    Subscription,
    Tx,
    refused,
    require_roles,
)
from wir_kit.testing.districts import BERGSTRASSE

NAME = "sample"
#: The migrations, shipped beside this module (`copy_migrations` for a test that changes them).
MIGRATIONS: Traversable = files("wir_kit.testing") / "sample_migrations"
#: Personal data as the tests write it into a note: never to appear in a log or the CLI's output.
PERSON_NAME = "Fatima Yilmaz"
DEMO_NOTE = UUID("00000000-0000-4000-8000-000000000001")

Handler = Callable[["NoteTaken", Tx], Awaitable[None]]
SeedDemo = Callable[[Db], Awaitable[int]]


class NoteTaken(Event):
    """A note was taken (the sample service's event, for the kit's and the CLI's tests)."""

    PRODUCER: ClassVar[str] = NAME
    EVENT: ClassVar[str] = "note_taken"

    note_id: UUID = Field(description="The note.")
    body: str = Field(description="What the note says; stands in for personal data.")


class NoteNotFound(LookupError):
    """No such note in the caller's district (another district's note is just as missing)."""


class NoteIn(BaseModel):
    body: str = Field(min_length=1, max_length=200)


class NoteOut(BaseModel):
    note_id: UUID
    body: str


async def add_note(tx: Tx, body: str) -> NoteTaken:
    """A command: its state change and its event in one transaction."""
    event = NoteTaken(district=tx.district, note_id=uuid4(), body=body)
    await tx.execute(
        "INSERT INTO notes (district, id, body) VALUES ($1, $2, $3)", tx.district, event.note_id, body
    )
    await tx.publish(event)
    return event


async def record_seen(event: NoteTaken, tx: Tx) -> None:
    """The subscription's handler: record that the note's event arrived (its one domain row)."""
    await tx.execute(
        "INSERT INTO seen (district, event_id, note) VALUES ($1, $2, $3)",
        event.district,
        event.event_id,
        event.body,
    )


async def seed_notes(db: Db) -> int:
    """The demo note, once: a second run creates nothing."""
    async with db.transaction(BERGSTRASSE) as tx:
        return await tx.changed(
            "INSERT INTO notes (district, id, body) VALUES ($1, $2, 'the demo note') ON CONFLICT DO NOTHING",
            BERGSTRASSE,
            DEMO_NOTE,
        )


router = APIRouter(prefix="/notes", tags=["notes"])
Writer = Annotated[Principal, Depends(require_roles(Role.CASE_MANAGER))]


@router.post("", status_code=201)
async def create_note(note: NoteIn, db: Database, caller: Writer) -> dict[str, str]:
    async with db.transaction(caller.district) as tx:
        event = await add_note(tx, note.body)
    return {"note_id": str(event.note_id)}


@router.get("/{note_id}")
async def read_note(note_id: UUID, db: Database, caller: Staff) -> NoteOut:
    async with db.transaction(caller.district) as tx:
        row = await tx.fetchrow("SELECT id, body FROM notes WHERE id = $1", note_id)
    if row is None:
        raise NoteNotFound(note_id)
    return NoteOut(note_id=row["id"], body=row["body"])


ERRORS: dict[type[Exception], Answer] = {NoteNotFound: refused(404, "no such note")}


def spec(
    name: str = NAME,
    *,
    migrations: Traversable = MIGRATIONS,
    handler: Handler = record_seen,
    seed_demo: SeedDemo | None = seed_notes,
    port: int = 0,
) -> ServiceSpec:
    """The sample service; a test names it after its settings' unique service name."""
    return ServiceSpec(
        name=name,
        port=port,
        migrations=migrations,
        subscriptions=[Subscription("note_taken", NoteTaken, handler)],
        publishes=[NoteTaken],
        routers=[router],
        errors=ERRORS,
        seed_demo=seed_demo,
    )


def build() -> ServiceSpec:
    """What the sample's entry point would name: `wir_kit.testing.sample:build`."""
    return spec()


def copy_migrations(folder: Path) -> Path:
    """The shipped migrations, copied into `folder` for a test that adds or breaks one."""
    folder.mkdir(parents=True, exist_ok=True)
    for migration in MIGRATIONS.iterdir():
        (folder / migration.name).write_bytes(migration.read_bytes())
    return folder
