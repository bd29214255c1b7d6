"""Intake's migrations on an installation that already holds records: needs recorded before
0002 wait since the day they were recorded, in every district, although the forced district
policy hides every row from the migrating owner."""

from __future__ import annotations

import shutil
import uuid
from datetime import datetime
from importlib.resources import as_file, files
from pathlib import Path

import asyncpg

from wir_intake.main import build
from wir_kit.runtime import apply_migrations
from wir_kit.service import ServiceSpec
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM, MAIN_KINZIG
from wir_kit.testing.plugin import SettingsFactory

MIGRATIONS = files("wir_intake") / "migrations"

PERSON = """
INSERT INTO {schema}.persons (district, id, version, given_names, name_tokens, name_phonetic,
    name_search, nationalities, languages, preferred_language, channels, municipality, residence_status)
VALUES ($1, $2, 1, 'X', '{{}}', '{{}}', '', '{{}}', '[]', 'prs', '{{}}', $3, 'duldung')
"""
NEED = """
INSERT INTO {schema}.needs (district, id, person_id, kind, topics, urgency, status, created_by, created_at)
VALUES ($1, $2, $3, 'mentoring', '{{}}', 'normal', 'open', 'cm', $4)
"""


def _folder_with(tmp_path: Path, names: list[str]) -> Path:
    with as_file(MIGRATIONS) as shipped:
        for name in names:
            shutil.copy(Path(shipped) / name, tmp_path / name)
    return tmp_path


async def test_needs_recorded_before_0002_wait_since_their_berlin_day(
    wir_settings: SettingsFactory, wir_database_url: str, tmp_path: Path
) -> None:
    shipped = sorted(f.name for f in MIGRATIONS.iterdir() if f.name.endswith(".sql"))
    assert shipped[:2] == ["0001_intake.sql", "0002_needs_for_matching.sql"]
    settings = wir_settings("intake")
    spec = build()

    def at(names: list[str]) -> ServiceSpec:
        folder = _folder_with(tmp_path, names)
        return ServiceSpec(name=spec.name, port=0, migrations=folder, extensions=spec.extensions)

    await apply_migrations(settings, at(shipped[:1]))
    schema = settings.pg_schema
    admin = await asyncpg.connect(wir_database_url)
    try:
        recorded = {
            "late_evening": (BERGSTRASSE, HEPPENHEIM, "2026-03-01T23:30:00+00:00"),  # 00:30 in Berlin
            "midday": (MAIN_KINZIG, f"{MAIN_KINZIG}003", "2026-07-01T12:00:00+00:00"),
        }
        ids = {}
        for label, (district, municipality, created_at) in recorded.items():
            person_id, need_id = uuid.uuid4(), uuid.uuid4()
            await admin.execute(PERSON.format(schema=schema), district, person_id, municipality)
            when = datetime.fromisoformat(created_at)
            await admin.execute(NEED.format(schema=schema), district, need_id, person_id, when)
            ids[need_id] = label

        await apply_migrations(settings, at(shipped))
        rows = await admin.fetch(f"SELECT id, open_since, mentor_gender FROM {schema}.needs")
    finally:
        await admin.close()
    days = {ids[row["id"]]: (row["open_since"].isoformat(), row["mentor_gender"]) for row in rows}
    assert days == {"late_evening": ("2026-03-02", None), "midday": ("2026-07-01", None)}
