"""Migrations: applied once however many replicas start, forward-only, isolating every table."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from wir_kit.migrations import MigrationError, kit_migrations, migrate
from wir_kit.runtime import apply_migrations
from wir_kit.service import ServiceSpec
from wir_kit.testing.plugin import SettingsFactory
from wir_kit.testing.sample import NAME, spec


async def test_replicas_migrating_at_once_apply_each_file_once(wir_settings: SettingsFactory) -> None:
    settings = wir_settings()
    results = await asyncio.gather(*(apply_migrations(settings, spec()) for _ in range(4)))

    applied = sorted(name for names in results for name in names)
    assert applied == sorted([*(f"kit/{m.name}" for m in kit_migrations()), f"{NAME}/0001_notes.sql"])


async def test_a_migration_changed_after_it_was_applied_is_refused(
    wir_settings: SettingsFactory, wir_database_url: str, tmp_path: Path
) -> None:
    settings = wir_settings()
    (tmp_path / "0001_things.sql").write_text("CREATE TABLE things (district text NOT NULL);")
    await apply_migrations(settings, ServiceSpec(name="x", port=0, migrations=tmp_path))
    (tmp_path / "0001_things.sql").write_text("CREATE TABLE things (district text NOT NULL, n int);")

    with pytest.raises(MigrationError, match="forward-only"):
        await apply_migrations(settings, ServiceSpec(name="x", port=0, migrations=tmp_path))


async def test_a_table_without_district_fails_the_migration_and_leaves_nothing(
    wir_settings: SettingsFactory, wir_database_url: str, tmp_path: Path
) -> None:
    settings = wir_settings()
    (tmp_path / "0001_leaky.sql").write_text("CREATE TABLE leaky (id int);")

    with pytest.raises(MigrationError, match="no district column"):
        await apply_migrations(settings, ServiceSpec(name="x", port=0, migrations=tmp_path))
    admin = await asyncpg.connect(wir_database_url)
    try:
        assert await admin.fetchval("SELECT to_regclass($1)", f"{settings.pg_schema}.leaky") is None
    finally:
        await admin.close()


async def test_every_table_has_forced_row_level_security(
    wir_settings: SettingsFactory, wir_database_url: str
) -> None:
    settings = wir_settings()
    await apply_migrations(settings, spec())
    admin = await asyncpg.connect(wir_database_url)
    try:
        rows = await admin.fetch(
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = $1 AND relkind = 'r' "
            "AND relname <> 'schema_migrations'",
            settings.pg_schema,
        )
    finally:
        await admin.close()
    assert {r["relname"] for r in rows} == {"outbox", "inbox", "notes", "seen"}
    assert all(r["relrowsecurity"] and r["relforcerowsecurity"] for r in rows)


async def test_migrating_twice_applies_nothing_the_second_time(wir_settings: SettingsFactory) -> None:
    settings = wir_settings()
    await apply_migrations(settings, spec())
    assert await apply_migrations(settings, spec()) == []


def test_schema_names_must_be_plain_identifiers() -> None:
    with pytest.raises(MigrationError):
        asyncio.run(migrate(None, 'x"; DROP TABLE y; --', "pw", []))  # type: ignore[arg-type]
