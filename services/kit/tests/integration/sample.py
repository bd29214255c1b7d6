"""A tiny service used to exercise the kit: it writes notes and consumes its own events."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, ClassVar
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from wir_contracts.envelope import Event
from wir_kit.auth import Principal, Role, require_roles
from wir_kit.db import Tx
from wir_kit.runtime import Runtime
from wir_kit.service import ServiceSpec
from wir_kit.subscriptions import Subscription

BERGSTRASSE = "06431"
MAIN_KINZIG = "06435"


class NoteAdded(Event):
    """A note was written (test event of the kit's own tests)."""

    PRODUCER: ClassVar[str] = "kittest"
    EVENT: ClassVar[str] = "note_added"

    note_id: UUID = Field(description="The note.")
    body: str = Field(description="What the note says.")


async def record_seen(event: NoteAdded, tx: Tx) -> None:
    """Record that the note's event arrived: the handler's one domain row."""
    await tx.execute(
        "INSERT INTO seen (district, event_id, note) VALUES ($1, $2, $3)",
        event.district,
        event.event_id,
        event.body,
    )


async def add_note(tx: Tx, body: str) -> NoteAdded:
    """A command: its state change and its event in one transaction."""
    event = NoteAdded(district=tx.district, note_id=uuid4(), body=body)
    await tx.execute(
        "INSERT INTO notes (district, id, body) VALUES ($1, $2, $3)", tx.district, event.note_id, body
    )
    await tx.publish(event)
    return event


class NoteIn(BaseModel):
    body: str = Field(min_length=1, max_length=200)


def routes(runtime: Runtime) -> list[APIRouter]:
    router = APIRouter()

    @router.post("/notes", status_code=201)
    async def create_note(
        note: NoteIn, caller: Annotated[Principal, Depends(require_roles(Role.CASE_MANAGER))]
    ) -> dict[str, str]:
        async with runtime.db.transaction(caller.district) as tx:
            event = await add_note(tx, note.body)
        return {"note_id": str(event.note_id)}

    return [router]


def spec(
    name: str = "kittest", handler: Callable[[NoteAdded, Tx], Awaitable[None]] = record_seen
) -> ServiceSpec:
    return ServiceSpec(
        name=name,
        port=0,
        migrations=Path(__file__).parent / "sample_migrations",
        subscriptions=[Subscription("note_added", NoteAdded, handler)],
        routers=routes,
    )
