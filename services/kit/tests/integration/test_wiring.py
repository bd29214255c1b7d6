"""Service wiring: one subscription with several bindings, extensions, queue prefixes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar
from uuid import uuid4

from pydantic import Field

from wir_contracts.envelope import Event
from wir_kit.db import Db
from wir_kit.runtime import apply_migrations
from wir_kit.service import ServiceSpec
from wir_kit.subscriptions import Subscription
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.sample import NAME, NoteTaken, add_note, record_seen, spec
from wir_kit.testing.waiting import eventually


class NoteArchived(Event):
    """A second event kind for the multi-binding subscription."""

    PRODUCER: ClassVar[str] = NAME
    EVENT: ClassVar[str] = "note_archived"

    note_id: str = Field(description="The note.")
    body: str = Field(description="Why.")


async def test_one_subscription_can_take_several_event_kinds(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    keys = (NoteTaken.binding_key(), NoteArchived.binding_key())
    wiring = [Subscription("notes_any", NoteTaken, record_seen, bindings=keys)]

    runtime = await wir_runtime(replace(spec(), subscriptions=wiring), wir_settings())
    assert [c.subscription.binding_keys for c in runtime.consumers] == [keys]
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "added")
        # Another kind on the same queue; it fits NoteTaken's fields, as a timeline model would.
        archived = NoteArchived(district=BERGSTRASSE, note_id=str(uuid4()), body="archived")
        await tx.publish(archived)

    async def seen() -> list[str]:
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            return sorted(r["note"] for r in await tx.fetch("SELECT note FROM seen"))

    assert await eventually(seen) == ["added"]
    # The archived event failed validation as NoteTaken (no such event_type) and was dead-lettered:
    # the binding delivered it; the model decided.


async def test_a_migration_can_use_an_extension_the_spec_names(
    wir_settings: SettingsFactory, tmp_path: Path
) -> None:
    (tmp_path / "0001_people.sql").write_text(
        "CREATE TABLE people (district text NOT NULL, name text NOT NULL);"
        "CREATE INDEX people_name ON people USING gin (name gin_trgm_ops);"
    )
    settings = wir_settings()
    await apply_migrations(
        settings, ServiceSpec(name="x", port=0, migrations=tmp_path, extensions=("pg_trgm",))
    )
    db = await Db.connect(settings)
    try:
        async with db.transaction(BERGSTRASSE) as tx:
            await tx.execute("INSERT INTO people VALUES ($1, 'Muhammad')", BERGSTRASSE)
            assert await tx.fetchval("SELECT name FROM people WHERE name % 'Muhamad'") == "Muhammad"
    finally:
        await db.close()


async def test_a_queue_prefix_separates_installations_on_one_broker(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory
) -> None:
    runtime = await wir_runtime(spec(), wir_settings(queue_prefix="other_install."))
    assert runtime.consumers[0].queue.startswith("other_install.")
    async with runtime.db.transaction(BERGSTRASSE) as tx:
        await add_note(tx, "through the prefixed queue")

    async def seen() -> int:
        async with runtime.db.transaction(BERGSTRASSE) as tx:
            return int(await tx.fetchval("SELECT count(*) FROM seen"))

    assert await eventually(seen) == 1
