"""A demo Sprachpool: interpreters of Kreis Bergstraße (06431, the district of intake's demo
people) for the languages asked for most there, and of Hanau (06415), one of whom opted in to
serve Kreis Bergstraße with Kurmanji and Sorani. Registered through the same command as real
ones (so notifications learns how to reach them), with compliance documents valid for two years
from the day of seeding. Only interpreters not there yet are added: a second run creates nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from uuid import UUID

from wir_contracts.interpreting.v1 import ComplianceDocument
from wir_interpreting.commands import interpreters
from wir_interpreting.commands.interpreters import InterpreterProfile
from wir_interpreting.db import interpreters as store
from wir_kit import Db

BERGSTRASSE = "06431"
HANAU = "06415"
BENSHEIM = "06431002"
HEPPENHEIM = "06431011"
LAMPERTHEIM = "06431013"
LORSCH = "06431016"
HANAU_TOWN = "06415000"
# Farid's and Marta's ids are the ones the contracts' golden examples use, so every service's
# demo data agrees.
FARID = UUID("1694226c-59e0-4431-9f6a-5ebca4309d59")
MARTA = UUID("6a1fa948-0bef-455b-a367-3b72ec0f2dcb")
SHIRIN = UUID("3c1e7a52-8f0d-4d7b-9a61-0c2f5e8b4d06")
DOCUMENTS_VALID = timedelta(days=730)
_WORKDAYS = [{"weekday": day, "start": "08:00", "end": "18:00"} for day in range(5)]
_MORNINGS = [{"weekday": day, "start": "08:00", "end": "13:00"} for day in range(5)]
_ALL_MODES = ["on_site", "phone", "video"]


def _interpreter(
    name: str, email: str, languages: Sequence[tuple[str, str | None]], **profile: Any
) -> dict[str, Any]:
    return {
        "contact": {"display_name": name, "email": email, "channels": ["email"]},
        "preferred_language": "deu",
        "languages": [{"language": code, "variety": variety} for code, variety in languages],
        "german_level": "C1",
        "modes": _ALL_MODES,
        "weekly": _WORKDAYS,
        **profile,
    }


DEMO_POOL: dict[str, dict[UUID, dict[str, Any]]] = {
    BERGSTRASSE: {
        FARID: _interpreter(
            "Farid Ahmadi",
            "farid.ahmadi@example.org",
            [("prs", None), ("fas", None)],
            home_municipality=BENSHEIM,
            travel_km=25,
        ),
        UUID("3c1e7a52-8f0d-4d7b-9a61-0c2f5e8b4d01"): _interpreter(
            "Rania Haddad",
            "rania.haddad@example.org",
            [("arb", "Levantine"), ("apc", None)],
            home_municipality=HEPPENHEIM,
            travel_km=30,
            german_level="C2",
        ),
        UUID("3c1e7a52-8f0d-4d7b-9a61-0c2f5e8b4d02"): _interpreter(
            "Olena Bondarenko",
            "olena.bondarenko@example.org",
            [("ukr", None), ("rus", None)],
            home_municipality=LAMPERTHEIM,
            travel_km=20,
            weekly=_MORNINGS,
        ),
        UUID("3c1e7a52-8f0d-4d7b-9a61-0c2f5e8b4d03"): _interpreter(
            "Emre Yıldız",
            "emre.yildiz@example.org",
            [("tur", None)],
            home_municipality=LORSCH,
            travel_km=25,
        ),
        UUID("3c1e7a52-8f0d-4d7b-9a61-0c2f5e8b4d04"): _interpreter(
            "Senait Tesfay",
            "senait.tesfay@example.org",
            [("tir", None)],
            home_municipality=BENSHEIM,
            travel_km=15,
            modes=["on_site", "phone"],
            german_level="B2",
        ),
        UUID("3c1e7a52-8f0d-4d7b-9a61-0c2f5e8b4d05"): _interpreter(
            "Dilan Aksoy",
            "dilan.aksoy@example.org",
            [("kmr", "Kurmanji"), ("tur", None)],
            home_municipality=HEPPENHEIM,
            travel_km=20,
            weekly=_MORNINGS,
        ),
    },
    HANAU: {
        MARTA: _interpreter(
            "Marta Kowalenko",
            "m.kowalenko@example.net",
            [("ukr", None), ("pol", None)],
            home_municipality=HANAU_TOWN,
            travel_km=25,
            preferred_language="ukr",
        ),
        SHIRIN: _interpreter(
            "Shirin Barzani",
            "shirin.barzani@example.org",
            [("kmr", "Kurmanji"), ("ckb", "Sorani")],
            home_municipality=HANAU_TOWN,
            travel_km=80,
        ),
    },
}
#: The interpreters who serve other districts besides their own.
DEMO_NEIGHBOURS: dict[UUID, tuple[str, ...]] = {SHIRIN: (BERGSTRASSE,)}


async def seed(db: Db) -> int:
    """How many demo interpreters were registered now (0 when all are there already)."""
    added = 0
    for district, pool in DEMO_POOL.items():
        async with db.transaction(district) as tx:
            missing = set(pool) - await store.known(tx, list(pool))
            valid_until = await store.today(tx) + DOCUMENTS_VALID
            for interpreter_id in sorted(missing):
                profile = InterpreterProfile.model_validate(pool[interpreter_id])
                await interpreters.register(tx, profile, interpreter_id=interpreter_id)
                for kind in ComplianceDocument:
                    await interpreters.record_document(tx, interpreter_id, kind, valid_until)
                if interpreter_id in DEMO_NEIGHBOURS:
                    await interpreters.serve_neighbours(tx, interpreter_id, DEMO_NEIGHBOURS[interpreter_id])
            added += len(missing)
    return added
