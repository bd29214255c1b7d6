"""Interpreters for interpreting's integration tests, registered through the pool's own command
(so InterpreterRegistered is published as in production), with documents valid far ahead.

`profile(...)` builds a valid profile: a Dari speaker in Bensheim, on site/phone/video, free
every day 07:00–20:00 (Europe/Berlin). `add_interpreter(runtime, ...)` registers one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from wir_contracts.interpreting.v1 import ComplianceDocument
from wir_interpreting.commands import interpreters
from wir_interpreting.commands.interpreters import InterpreterProfile
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BENSHEIM, BERGSTRASSE

#: Valid for as long as any test runs (no wall clock needed).
FAR_AHEAD = date(2099, 12, 31)
ALL_WEEK = tuple({"weekday": day, "start": "07:00", "end": "20:00"} for day in range(7))


def profile(
    *,
    name: str = "Farid Ahmadi",
    languages: Sequence[tuple[str, str | None]] = (("prs", None),),
    modes: Sequence[str] = ("on_site", "phone", "video"),
    home: str = BENSHEIM,
    travel_km: float = 30,
    municipalities: Sequence[str] = (),
    weekly: Sequence[dict[str, Any]] = ALL_WEEK,
    absences: Sequence[dict[str, Any]] = (),
    preferred_language: str = "deu",
    german_level: str = "C1",
) -> dict[str, Any]:
    """A profile as the API takes it (JSON)."""
    return {
        "contact": {"display_name": name, "email": "interpreter@example.net", "channels": ["email"]},
        "preferred_language": preferred_language,
        "languages": [{"language": code, "variety": variety} for code, variety in languages],
        "german_level": german_level,
        "modes": list(modes),
        "home_municipality": home,
        "travel_km": travel_km,
        "municipalities": list(municipalities),
        "weekly": list(weekly),
        "absences": list(absences),
    }


async def add_interpreter(
    runtime: Runtime,
    *,
    district: str = BERGSTRASSE,
    interpreter_id: UUID | None = None,
    documents_until: date | None = FAR_AHEAD,
    neighbours: Sequence[str] = (),
    **profile_fields: Any,
) -> UUID:
    """Register an interpreter (`profile_fields` as `profile` takes them) with every compliance
    document valid until `documents_until` (None: no documents), opted in to `neighbours`."""
    async with runtime.db.transaction(district) as tx:
        new_id = await interpreters.register(
            tx, InterpreterProfile.model_validate(profile(**profile_fields)), interpreter_id=interpreter_id
        )
        if documents_until is not None:
            for kind in ComplianceDocument:
                await interpreters.record_document(tx, new_id, kind, documents_until)
        if neighbours:
            await interpreters.serve_neighbours(tx, new_id, neighbours)
    return new_id
