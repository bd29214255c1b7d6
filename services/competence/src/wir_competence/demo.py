"""Demo entries for the demo district's people, once intake's events have opened their records;
and sample entries, as a case manager sends them, for tests and the benchmark.

Only the demo people named here get entries, and only while their record is still empty, so a
second run creates nothing and real people's records are never touched.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from wir_competence.commands import entries
from wir_competence.db import records
from wir_competence.domain.entries import (
    Course,
    CourseKind,
    CourseStatus,
    Entry,
    Evidence,
    EvidenceKind,
    Kind,
    Language,
    LanguageEvidence,
    Schooling,
    Work,
)
from wir_contracts.cefr import CefrLevel
from wir_contracts.competence.v1 import CourseOutcome, LanguageExam
from wir_kit import Db

DISTRICT = "06431"
SEEDER = "demo-seed"
# The contracts' example person of Kreis Bergstraße, whom intake's demo data registers.
AMINA = UUID("fa015d45-6579-4301-8f67-64326cafb711")

_SEEN = Evidence(kind=EvidenceKind.DOCUMENT_SEEN)
DEMO_ENTRIES: dict[UUID, tuple[Entry, ...]] = {
    AMINA: (
        Schooling(country="AF", years=12, isced_level=3, certificate=True, evidence=_SEEN),
        Work(
            occupation="7531",
            years=6,
            country="AF",
            started_on=date(2015, 3, 1),
            ended_on=date(2021, 7, 31),
            evidence=Evidence(kind=EvidenceKind.SELF_DECLARED),
        ),
        Language(language="prs", native=True, evidence=LanguageEvidence.SELF_ASSESSMENT),
        Language(
            language="deu",
            listening=CefrLevel.B1,
            reading=CefrLevel.B1,
            spoken_interaction=CefrLevel.A2,
            spoken_production=CefrLevel.A2,
            writing=CefrLevel.A2,
            evidence=LanguageEvidence.CERTIFICATE,
            exam=LanguageExam.DTZ,
            certificate_level=CefrLevel.B1,
            assessed_on=date(2026, 11, 24),
        ),
        Course(
            course=CourseKind.INITIAL_ORIENTATION_COURSE,
            provider="Volkshochschule Bergstraße",
            status=CourseStatus.COMPLETED,
            outcome=CourseOutcome.ATTENDED,
            started_on=date(2026, 9, 1),
            ended_on=date(2026, 11, 6),
        ),
    ),
}


async def seed(db: Db) -> int:
    """How many demo entries were written now (0 when records are missing or already filled)."""
    created = 0
    async with db.transaction(DISTRICT) as tx:
        for person_id in await records.records_without_entries(tx, list(DEMO_ENTRIES)):
            for entry in DEMO_ENTRIES[person_id]:
                await entries.add_entry(tx, person_id, entry, SEEDER)
                created += 1
    return created


def sample_entries() -> dict[Kind, dict[str, Any]]:
    """One realistic entry of each kind as JSON, the way the API takes it (a new copy each call)."""
    return {
        Kind.SCHOOLING: {
            "kind": "schooling",
            "country": "SY",
            "years": 12,
            "isced_level": 3,
            "certificate": True,
            "started_on": "2004-09-01",
            "ended_on": "2016-06-30",
            "evidence": {"kind": "certificate", "issuer": "Ministry of Education", "number": "S-2016-4471"},
        },
        Kind.TRAINING: {
            "kind": "training",
            "type": "vocational",
            "field": "Elektrotechnik",
            "isced_level": 4,
            "country": "SY",
            "completed": True,
            "recognition": "partial",
            "evidence": {"kind": "document_seen"},
        },
        Kind.WORK: {
            "kind": "work",
            "occupation": "7512",
            "years": 4.5,
            "country": "SY",
            "started_on": "2016-09-01",
            "ended_on": "2021-02-28",
            "evidence": {"kind": "self_declared"},
        },
        Kind.LANGUAGE: {
            "kind": "language",
            "language": "deu",
            "listening": "B1",
            "reading": "B1",
            "spoken_interaction": "A2",
            "spoken_production": "B1",
            "writing": "A2",
            "evidence": "certificate",
            "exam": "dtz",
            "certificate_level": "B1",
            "assessed_on": "2026-10-02",
        },
        Kind.COURSE: {
            "kind": "course",
            "course": "integration_course",
            "provider": "VHS Bergstraße",
            "status": "completed",
            "outcome": "passed",
            "language_level": "B1",
            "started_on": "2026-01-12",
            "ended_on": "2026-09-30",
            "evidence": {"kind": "certificate", "issuer": "BAMF", "number": "IK-2026-118204"},
        },
    }
