"""A district's own welcome content, quiet hours and coordinators; none stored means the service's
defaults."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from wir_kit import Tx, load_queries

Q = load_queries("wir_notifications.db", "district_settings.sql")


@dataclass(frozen=True)
class DistrictRow:
    contacts: list[dict[str, str | None]]
    integreat_url: str | None
    quiet_start: time
    quiet_end: time
    time_zone: str
    #: Who is told of what needs a coordinator: [{name, email, language}].
    coordinators: list[dict[str, str]] = field(default_factory=list)
    updated_at: datetime | None = None


async def get(tx: Tx) -> DistrictRow | None:
    return of_json(await tx.fetchval(Q["district_settings_get"]))


def of_json(text: str | None) -> DistrictRow | None:
    """The settings as a statement brought them along (the row as JSON); None: the district has
    none of its own."""
    if text is None:
        return None
    row = json.loads(text)
    return DistrictRow(
        contacts=row["contacts"],
        integreat_url=row["integreat_url"],
        quiet_start=time.fromisoformat(row["quiet_start"]),
        quiet_end=time.fromisoformat(row["quiet_end"]),
        time_zone=row["time_zone"],
        coordinators=row["coordinators"],
        # In the session's time zone as JSON; in UTC, as the driver gives a timestamptz.
        updated_at=datetime.fromisoformat(row["updated_at"]).astimezone(UTC),
    )


async def put(tx: Tx, settings: DistrictRow) -> None:
    await tx.execute(Q["district_settings_put"], tx.district, *_values(settings))


async def seed(tx: Tx, settings: DistrictRow) -> bool:
    """Store the settings unless the district has its own; True if they were stored."""
    row = await tx.fetchrow(Q["district_settings_seed"], tx.district, *_values(settings))
    return row is not None


def _values(settings: DistrictRow) -> tuple[Any, ...]:
    return (
        json.dumps(settings.contacts),
        settings.integreat_url,
        settings.quiet_start,
        settings.quiet_end,
        settings.time_zone,
        json.dumps(settings.coordinators),
    )
