"""Demo volunteers of Kreis Bergstraße (06431), the district of intake's demo people, registered
through the same command as real ones (so notifications learns of them), with valid compliance
documents and the languages the demo people speak. Only volunteers not there yet are added: a
second run creates nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from wir_contracts.matching.v1 import ComplianceDocument
from wir_kit import Db
from wir_matching.commands import volunteers
from wir_matching.commands.volunteers import VolunteerProfile
from wir_matching.db import volunteers as store

DISTRICT = "06431"
BENSHEIM = "06431002"
HEPPENHEIM = "06431011"
# Jutta's id is the one the contracts' golden examples use, so every service's demo data agrees.
JUTTA = UUID("53a8f278-6ffb-4d6c-b799-1cdd4c5299d1")
#: How long the demo documents stay valid from the day of seeding.
DOCUMENTS_VALID = timedelta(days=730)
_EVENINGS = [{"weekday": day, "start": "17:00", "end": "20:00"} for day in (0, 2, 3)]
_SATURDAY = [{"weekday": 5, "start": "10:00", "end": "14:00"}]


def _volunteer(name: str, email: str, languages: list[dict[str, Any]], **profile: Any) -> dict[str, Any]:
    return {
        "contact": {"display_name": name, "email": email, "channels": ["email", "inbox"]},
        "preferred_language": "deu",
        "languages": [{"language": "deu", "native": True}, *languages],
        "share_contact": {"display_name": name.split()[0], "email": email, "channels": ["email"]},
        **profile,
    }


DEMO_VOLUNTEERS: dict[UUID, dict[str, Any]] = {
    JUTTA: _volunteer(
        "Jutta Weber",
        "jutta.weber@example.org",
        [{"language": "fas", "level": "B2"}, {"language": "eng", "level": "C1"}],
        municipality=HEPPENHEIM,
        travel_km=15,
        topics=["authorities", "housing", "everyday_life"],
        capacity=2,
        weekly=_EVENINGS,
        gender="female",
        lotse_trained_on="2025-03-15",
    ),
    UUID("0f3c2a10-5d1e-4b8a-9c11-2a6b7d8e9f01"): _volunteer(
        "Farid Noori",
        "farid.noori@example.org",
        [{"language": "prs", "native": True}, {"language": "fas", "native": True}],
        municipality=BENSHEIM,
        travel_km=20,
        topics=["authorities", "work", "digital"],
        capacity=3,
        weekly=_SATURDAY,
        gender="male",
        lotse_trained_on="2024-10-05",
    ),
    UUID("0f3c2a10-5d1e-4b8a-9c11-2a6b7d8e9f02"): _volunteer(
        "Leyla Aydın",
        "leyla.aydin@example.org",
        [
            {"language": "tur", "native": True},
            {"language": "kmr", "level": "B2"},
            {"language": "ara", "level": "A2"},
        ],
        municipality=HEPPENHEIM,
        travel_km=25,
        topics=["work", "digital", "education"],
        capacity=2,
        weekly=_EVENINGS,
        gender="female",
    ),
    UUID("0f3c2a10-5d1e-4b8a-9c11-2a6b7d8e9f03"): _volunteer(
        "Hala Mansour",
        "hala.mansour@example.org",
        [{"language": "ara", "native": True}, {"language": "eng", "level": "B2"}],
        municipality=BENSHEIM,
        travel_km=30,
        topics=["health", "family", "everyday_life"],
        capacity=2,
        weekly=_SATURDAY,
        gender="female",
        lotse_trained_on="2025-09-20",
    ),
    UUID("0f3c2a10-5d1e-4b8a-9c11-2a6b7d8e9f04"): _volunteer(
        "Iryna Koval",
        "iryna.koval@example.org",
        [{"language": "ukr", "native": True}, {"language": "rus", "level": "C1"}],
        municipality=BENSHEIM,
        travel_km=20,
        topics=["education", "housing", "language_practice"],
        capacity=3,
        weekly=_EVENINGS,
        gender="female",
    ),
}


async def seed(db: Db) -> int:
    """How many demo volunteers were registered now (0 when all are there already)."""
    async with db.transaction(DISTRICT) as tx:
        missing = set(DEMO_VOLUNTEERS) - await store.known(tx, list(DEMO_VOLUNTEERS))
        valid_until = await store.today(tx) + DOCUMENTS_VALID
        for volunteer_id in sorted(missing):
            profile = VolunteerProfile.model_validate(DEMO_VOLUNTEERS[volunteer_id])
            # No debounce: a demo should show proposals as soon as the people are there too.
            await volunteers.register(tx, profile, run_delay_s=0, volunteer_id=volunteer_id)
            for kind in ComplianceDocument:
                await volunteers.record_document(tx, volunteer_id, kind, valid_until, run_delay_s=0)
    return len(missing)
