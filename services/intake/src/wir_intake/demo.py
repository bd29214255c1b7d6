"""Demo people of Kreis Bergstraße (06431), registered through the same command as real ones,
so their events reach the other services through the outbox."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from wir_contracts.consent import ConsentPurpose
from wir_intake.commands import households, needs, persons
from wir_intake.db import erasures
from wir_intake.db import persons as store
from wir_intake.domain.consents import ConsentDecision, LegalBasis
from wir_intake.domain.households import HouseholdData, Member, Relation
from wir_intake.domain.needs import NeedData
from wir_intake.domain.person import PersonData
from wir_kit import Db, Tx

DISTRICT = "06431"
BENSHEIM = "06431002"
HEPPENHEIM = "06431011"
ACTOR = "demo-seed"

# Amina's id is the one the contracts' golden examples use, so every service's demo data agrees.
AMINA = UUID("fa015d45-6579-4301-8f67-64326cafb711")
MUHAMMAD = UUID("5b1f0e64-7c2a-4d0e-9a51-0c6f3f2d8a01")
OLENA = UUID("5b1f0e64-7c2a-4d0e-9a51-0c6f3f2d8a02")
MAKSYM = UUID("5b1f0e64-7c2a-4d0e-9a51-0c6f3f2d8a03")
YONAS = UUID("5b1f0e64-7c2a-4d0e-9a51-0c6f3f2d8a04")
DILAN = UUID("5b1f0e64-7c2a-4d0e-9a51-0c6f3f2d8a05")


def _consent(purpose: ConsentPurpose) -> ConsentDecision:
    return ConsentDecision(purpose=purpose, given=True, legal_basis=LegalBasis.CONSENT)


_BASIC = (
    ConsentPurpose.PROCESSING,
    ConsentPurpose.SHARE_WITH_VOLUNTEERS,
    ConsentPurpose.SHARE_WITH_INTERPRETERS,
)

PEOPLE: list[tuple[UUID, dict[str, Any], tuple[ConsentPurpose, ...], list[dict[str, Any]]]] = [
    (
        AMINA,
        {
            "given_names": "Amina",
            "family_name": "Rahimi",
            "transliteration": "Amina Rahimi",
            "date_of_birth": {"year": 1994},
            "country_of_origin": "AF",
            "nationalities": ["AF"],
            "languages": [
                {"language": "prs", "level": "native"},
                {"language": "fas", "level": "fluent"},
                {"language": "eng", "level": "basic"},
            ],
            "preferred_language": "prs",
            "contact": {"phone": "+4915100000001", "channels": ["sms", "inbox"]},
            "municipality": HEPPENHEIM,
            "arrival_date": date(2026, 10, 20),
            "residence_status": "aufenthaltsgestattung",
        },
        (*_BASIC, ConsentPurpose.CONTACT_SMS),
        [
            {
                "kind": "mentoring",
                "topics": ["authorities", "housing"],
                "urgency": "high",
                "mentor_gender": "female",
            },
            {"kind": "interpreting", "language": "prs"},
            {"kind": "language_course", "language": "deu"},
        ],
    ),
    (
        MUHAMMAD,
        {
            "given_names": "محمد",
            "family_name": "الحسن",
            "transliteration": "Muhammad Al-Hassan",
            "date_of_birth": {"year": 1988, "month": 3},
            "country_of_origin": "SY",
            "nationalities": ["SY"],
            "languages": [{"language": "ara", "level": "native"}, {"language": "eng", "level": "good"}],
            "preferred_language": "ara",
            "contact": {"email": "m.alhassan@example.org", "channels": ["email"]},
            "municipality": BENSHEIM,
            "arrival_date": date(2025, 6, 2),
            "residence_status": "aufenthaltserlaubnis",
        },
        (*_BASIC, ConsentPurpose.SHARE_WITH_EMPLOYERS, ConsentPurpose.CONTACT_EMAIL),
        [{"kind": "work_training"}],
    ),
    (
        OLENA,
        {
            "given_names": "Олена",
            "family_name": "Коваленко",
            "transliteration": "Olena Kovalenko",
            "date_of_birth": {"year": 1985, "month": 11, "day": 4},
            "gender": "weiblich",
            "country_of_origin": "UA",
            "nationalities": ["UA"],
            "languages": [{"language": "ukr", "level": "native"}, {"language": "rus", "level": "fluent"}],
            "preferred_language": "ukr",
            "contact": {"phone": "0151 00000003", "channels": ["sms"]},
            "municipality": BENSHEIM,
            "arrival_date": date(2022, 4, 12),
            "residence_status": "aufenthaltserlaubnis_24",
        },
        (*_BASIC, ConsentPurpose.CONTACT_SMS),
        [{"kind": "school_childcare", "urgency": "urgent"}],
    ),
    (
        MAKSYM,
        {
            "given_names": "Максим",
            "family_name": "Коваленко",
            "transliteration": "Maksym Kovalenko",
            "date_of_birth": {"year": 2016, "month": 7, "day": 21},
            "country_of_origin": "UA",
            "nationalities": ["UA"],
            "languages": [{"language": "ukr", "level": "native"}, {"language": "deu", "level": "good"}],
            "preferred_language": "ukr",
            "municipality": BENSHEIM,
            "arrival_date": date(2022, 4, 12),
            "residence_status": "aufenthaltserlaubnis_24",
        },
        (ConsentPurpose.PROCESSING,),
        [],
    ),
    (
        YONAS,
        {
            "given_names": "Yonas",
            "family_name": "Tesfaye",
            "country_of_origin": "ER",
            "nationalities": ["ER"],
            "languages": [{"language": "tir", "level": "native"}, {"language": "ara", "level": "basic"}],
            "preferred_language": "tir",
            "municipality": HEPPENHEIM,
            "arrival_date": date(2026, 9, 1),
            "residence_status": "duldung",
        },
        (ConsentPurpose.PROCESSING,),
        [{"kind": "interpreting", "language": "tir", "urgency": "high"}, {"kind": "health"}],
    ),
    (
        DILAN,
        {
            "given_names": "Dilan",
            "family_name": "Ahmad",
            "date_of_birth": {"year": 2001},
            "gender": "divers",
            "country_of_origin": "IQ",
            "nationalities": ["IQ"],
            "languages": [
                {"language": "kmr", "level": "native"},
                {"language": "ara", "level": "fluent"},
                {"language": "deu", "level": "basic"},
            ],
            "preferred_language": "kmr",
            "contact": {"phone": "+4915100000005", "channels": ["sms", "inbox"]},
            "municipality": HEPPENHEIM,
            "arrival_date": date(2024, 1, 15),
            "residence_status": "niederlassungserlaubnis",
        },
        (*_BASIC, ConsentPurpose.CONTACT_SMS),
        [{"kind": "mentoring", "topics": ["work", "digital"]}, {"kind": "housing"}],
    ),
]


async def _register(
    tx: Tx,
    person_id: UUID,
    fields: dict[str, Any],
    consents: tuple[ConsentPurpose, ...],
    wanted: list[dict[str, Any]],
) -> None:
    person = PersonData.model_validate(fields)
    decisions = [_consent(purpose) for purpose in consents]
    await persons.register(
        tx, ACTOR, person, decisions, confirmed_new=True, fields=sorted(fields), person_id=person_id
    )
    for need in wanted:
        await needs.add(tx, ACTOR, person_id, NeedData.model_validate(need), sorted(need))


async def _never_registered(tx: Tx, person_id: UUID) -> bool:
    """Neither there nor erased: an erased demo person must not come back with the next seeding."""
    return not await store.exists(tx, person_id) and await erasures.of_person(tx, person_id) is None


async def seed(db: Db) -> int:
    """Register the demo people that were never registered; how many were registered now."""
    created = 0
    async with db.transaction(DISTRICT) as tx:
        for person_id, fields, consents, wanted in PEOPLE:
            if await _never_registered(tx, person_id):
                await _register(tx, person_id, fields, consents, wanted)
                created += 1
        olena = await store.get(tx, OLENA)
        if olena is not None and olena.household_id is None:
            family = HouseholdData(
                members=[
                    Member(person_id=OLENA, relation=Relation.REFERENCE_PERSON),
                    Member(person_id=MAKSYM, relation=Relation.CHILD),
                ]
            )
            await households.create(tx, ACTOR, family)
    return created
