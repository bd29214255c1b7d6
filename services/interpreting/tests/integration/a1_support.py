"""What the booking engine's tests share: interpreters in the pool, request bodies, times ahead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from wir_contracts.interpreting.v1 import ComplianceDocument
from wir_interpreting.commands import interpreters
from wir_interpreting.domain.profile import InterpreterProfile
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BENSHEIM, BERGSTRASSE, HEPPENHEIM

BERLIN = ZoneInfo("Europe/Berlin")
ALL_WEEK = [{"weekday": day, "start": "07:00", "end": "20:00"} for day in range(7)]
FAR_FUTURE = date(2099, 12, 31)


def ahead(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """A Berlin wall-clock time `days` from today: past every lead time the tests set."""
    day = datetime.now(BERLIN).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), BERLIN)


def request_body(days: int = 5, hour: int = 10, minutes: int = 60, **changes: Any) -> dict[str, Any]:
    """An on-site request in Bensheim, `days` ahead at `hour` for `minutes`."""
    starts = ahead(days, hour)
    body: dict[str, Any] = {
        "language": "prs",
        "mode": "on_site",
        "venue": "jobcenter",
        "municipality": BENSHEIM,
        "address": "Rodensteinstraße 19, 64625 Bensheim",
        "department": "Jobcenter Bergstraße, Team Integration",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(minutes=minutes)).isoformat(),
        "notes": "Termin zur Eingliederungsvereinbarung",
        "requester": {
            "display_name": "Team Integration",
            "email": "integration@jobcenter.example",
            "channels": ["email"],
        },
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


async def add_interpreter(
    runtime: Runtime,
    *,
    district: str = BERGSTRASSE,
    languages: Sequence[tuple[str, str]] = (("prs", ""),),
    modes: Sequence[str] = ("on_site", "phone", "video"),
    home: str = HEPPENHEIM,
    travel_km: float = 30,
    municipalities: Sequence[str] = (),
    weekly: Sequence[dict[str, Any]] = tuple(ALL_WEEK),
    absences: Sequence[dict[str, str]] = (),
    documents_until: date = FAR_FUTURE,
    active: bool = True,
    grants: Sequence[str] = (),
) -> UUID:
    """An interpreter registered in `district`'s pool (through the pool's own commands), all
    documents valid until `documents_until`, serving the `grants` districts besides their own."""
    profile = InterpreterProfile.model_validate(
        {
            "contact": {"display_name": "Test Interpreter", "email": "i@example.net", "channels": ["email"]},
            "preferred_language": "deu",
            "languages": [{"language": code, "variety": variety or None} for code, variety in languages],
            "german_level": "C1",
            "modes": list(modes),
            "home_municipality": home,
            "travel_km": travel_km,
            "municipalities": list(municipalities),
            "weekly": list(weekly),
            "absences": list(absences),
        }
    )
    async with runtime.db.transaction(district) as tx:
        interpreter_id = await interpreters.register(tx, profile)
        for kind in ComplianceDocument:
            await interpreters.record_document(tx, interpreter_id, kind, documents_until)
        if grants:
            await interpreters.serve_neighbours(tx, interpreter_id, grants)
        if not active:
            await interpreters.deactivate(tx, interpreter_id)
    return interpreter_id


async def set_rules(runtime: Runtime, district: str = BERGSTRASSE, **rules: int) -> None:
    """The district's own rules; only the named columns differ from the defaults."""
    columns = ", ".join(["district", *rules])
    values = ", ".join(f"${n}" for n in range(1, len(rules) + 2))
    async with runtime.db.transaction(district) as tx:
        await tx.execute(
            f"INSERT INTO district_rules ({columns}) VALUES ({values})", district, *rules.values()
        )
