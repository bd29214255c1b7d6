"""What several areas' tests set up alike: people registered through intake's API or arriving
by intake's events at competence, matching and interpreting, the registration form and the
search over it, entries added through competence's API, and volunteers registered through the
coordinators' form. The runtimes themselves are fixtures of conftest.py."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from wir_competence.demo import sample_entries
from wir_contracts.intake.v1 import (
    DateOfBirth,
    LanguageLevel,
    Need,
    NeedsRecorded,
    PersonIdentified,
    PersonRegistered,
    SpokenLevel,
)
from wir_contracts.needs import MentoringTopic, NeedKind
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM
from wir_kit.testing.service import bearer, http_client, publish_and_wait
from wir_web.clock import today

from ..conftest import WebClient

PERSON_LINK = re.compile(r'href="/people/([0-9a-f-]{36})"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
VOLUNTEER_ID = re.compile(r"/matching/volunteers/([0-9a-f-]{36})")
ALL_CONSENTS = ("processing", "share_with_employers")


async def register(intake: Runtime, district: str = BERGSTRASSE, **overrides: Any) -> dict[str, Any]:
    """A person registered through intake's own API (Amina Rahimi of Heppenheim by default)."""
    body: dict[str, Any] = {
        "given_names": "Amina",
        "family_name": "Rahimi",
        "transliteration": "Amina Rahimi",
        "date_of_birth": {"year": 1994},
        "country_of_origin": "AF",
        "nationalities": ["AF"],
        "languages": [{"language": "prs", "level": "native"}],
        "preferred_language": "prs",
        "contact": {"channels": ["inbox"]},
        "municipality": HEPPENHEIM if district == BERGSTRASSE else f"{district}010",
        "residence_status": "aufenthaltsgestattung",
        "consents": [
            {"purpose": "processing", "given": True, "legal_basis": "consent"},
            {"purpose": "share_with_volunteers", "given": True, "legal_basis": "consent"},
        ],
        **overrides,
    }
    headers = {**bearer(intake, district=district), "Idempotency-Key": str(uuid.uuid4())}
    async with http_client(intake) as http:
        answer = await http.post("/persons?confirmed_new=true", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    person: dict[str, Any] = answer.json()
    return person


def person_form(**overrides: Any) -> dict[str, Any]:
    """The registration form as a case manager fills it in (Amina Rahimi, Dari, Heppenheim)."""
    return {
        "given_names": "Amina",
        "family_name": "Rahimi",
        "transliteration": "Amina Rahimi",
        "dob_year": "1994",
        "country_of_origin": "AF",
        "nationalities": ["AF"],
        "language_0": "prs",
        "level_0": "native",
        "language_1": "eng",
        "level_1": "basic",
        "preferred_language": "prs",
        "email": "amina@example.org",
        "channels": ["email"],
        "municipality": HEPPENHEIM,
        "arrival_date": "2026-01-20",
        "residence_status": "aufenthaltsgestattung",
        "consents": ["processing", "contact_email"],
        **overrides,
    }


async def submit_registration(client: WebClient, **overrides: Any) -> Any:
    """Fill in the form on /people/new (with the key it was rendered with) and send it."""
    form = (await client.http.get("/people/new")).text
    found = KEY.search(form)
    assert found, "the registration form carries no Idempotency-Key"
    return await client.submit(
        "/people", {"idempotency_key": found.group(1), **person_form(**overrides)}, form_on="/people/new"
    )


async def found_by_search(client: WebClient, name: str) -> list[str]:
    page = await client.http.get("/people", params={"q": name})
    assert page.status_code == 200, page.text
    return PERSON_LINK.findall(page.text)


def registered(district: str = BERGSTRASSE, **fields: Any) -> PersonRegistered:
    """Intake's event for a new person of Heppenheim who speaks Dari and German, as `fields` change it."""
    defaults: dict[str, Any] = {
        "person_id": uuid4(),
        "aggregate_version": 1,
        "municipality": HEPPENHEIM,
        "languages": ("prs", "deu"),
        "preferred_language": "prs",
    }
    return PersonRegistered(district=district, **(defaults | fields))


async def person_with_record(
    competence: Runtime, *, consents: tuple[str, ...] = ALL_CONSENTS, named: bool = True
) -> UUID:
    """A person of Kreis Bergstraße whose record intake's events opened (Amina Rahimi, Arabic)."""
    event = registered(languages=("arb",), preferred_language="arb", consents=consents)
    await publish_and_wait(competence, "person_registered", event)
    if named:
        identified = PersonIdentified(
            district=BERGSTRASSE,
            person_id=event.person_id,
            aggregate_version=1,
            name_original="أمينة رحيمي",
            name_latin="Amina Rahimi",
            date_of_birth=DateOfBirth(year=1994, month=3),
        )
        await publish_and_wait(competence, "person_identified", identified)
    return event.person_id


async def add_entries(competence: Runtime, person_id: UUID, *kinds: str) -> list[str]:
    """The package's sample entries of `kinds`, added through competence's API; their ids."""
    samples = {kind.value: entry for kind, entry in sample_entries().items()}
    added = []
    async with http_client(competence) as http:
        for kind in kinds:
            answer = await http.post(
                f"/records/{person_id}/entries", json=samples[kind], headers=bearer(competence)
            )
            assert answer.status_code == 201, answer.text
            added.append(str(answer.json()["entry_id"]))
    return added


async def person_needing_a_mentor(matching: Runtime, district: str = BERGSTRASSE) -> UUID:
    """A person who speaks Dari, with one open mentoring need, as intake's events bring them."""
    event = registered(
        district,
        language_levels=(LanguageLevel(language="prs", level=SpokenLevel.NATIVE),),
        consents=("processing", "share_with_volunteers"),
    )
    await publish_and_wait(matching, "person_registered", event)
    need = Need(need_id=uuid4(), kind=NeedKind.MENTORING, topics=(MentoringTopic.HOUSING,))
    needs = NeedsRecorded(district=district, person_id=event.person_id, aggregate_version=2, needs=(need,))
    await publish_and_wait(matching, "needs_recorded", needs)
    return event.person_id


def volunteer_form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "form_key": str(uuid4()),
        "display_name": "Jutta Weber",
        "email": "jutta.weber@example.org",
        "channels": ["email"],
        "preferred_language": "deu",
        "lang_0": "deu",
        "level_0": "native",
        "lang_1": "prs",
        "level_1": "B2",
        "municipality": HEPPENHEIM,
        "travel_km": "15",
        "topics": ["housing", "authorities"],
        "capacity": "2",
        "start_0": "17:00",
        "end_0": "19:00",
    }
    form.update(changes)
    return form


async def register_volunteer(client: WebClient, *, documents: bool = True, **changes: Any) -> str:
    """A volunteer registered through the form (with both documents recorded); their id."""
    answer = await client.submit(
        "/matching/volunteers", volunteer_form(**changes), form_on="/matching/volunteers/new"
    )
    assert answer.status_code == 303, answer.text
    found = VOLUNTEER_ID.search(answer.headers["location"])
    assert found
    volunteer_id = found.group(1)
    if documents:
        valid = (today() + timedelta(days=365)).isoformat()
        for kind in ("criminal_record_certificate", "confidentiality_declaration"):
            recorded = await client.submit(
                f"/matching/volunteers/{volunteer_id}/documents",
                {"kind": kind, "expires_on": valid},
                form_on=f"/matching/volunteers/{volunteer_id}",
            )
            assert recorded.status_code == 303, recorded.text
    return volunteer_id
