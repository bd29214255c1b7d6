"""Fixtures of competence's integration tests: the service on the real PostgreSQL and RabbitMQ,
its HTTP app, staff tokens, people registered through intake's events, and PDFs read back.

The generic parts (publishing as a producer, the outbox, tokens, the HTTP client) are the kit's
harness (`wir_kit.testing`); what is here is competence's own.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from pypdf import PdfReader

from wir_competence.demo import sample_entries
from wir_competence.main import build
from wir_competence.settings import CompetenceSettings
from wir_contracts.intake.v1 import ConsentChanged, DateOfBirth, PersonIdentified, PersonRegistered
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU_TOWN, HEPPENHEIM
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.service import bearer, http_client, publish_and_wait

ALL_CONSENTS = ["processing", "share_with_employers"]
MARCH_1994 = DateOfBirth(year=1994, month=3)

Headers = Callable[..., dict[str, str]]
Register = Callable[..., Awaitable[UUID]]
ChangeConsents = Callable[[UUID, list[str], int], Awaitable[None]]
Identify = Callable[..., Awaitable[PersonIdentified]]


@pytest.fixture
async def competence(wir_settings: SettingsFactory, wir_runtime: RuntimeFactory) -> Runtime:
    return await wir_runtime(build(CompetenceSettings()), wir_settings(service="competence"))


@pytest.fixture
async def http(competence: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(competence) as client:
        yield client


@pytest.fixture
def headers(competence: Runtime) -> Headers:
    """`bearer` of this service: `headers()` for a case manager, `headers("coordinator", sub=...)`."""
    return partial(bearer, competence)


@pytest.fixture
def register(competence: Runtime) -> Register:
    """Register a person through intake's event on the broker; wait until the record is open."""

    async def make(
        *,
        consents: list[str] | None = None,
        language: str = "arb",
        district: str = BERGSTRASSE,
        person_id: UUID | None = None,
    ) -> UUID:
        person_id = person_id or uuid4()
        event = PersonRegistered(
            district=district,
            person_id=person_id,
            aggregate_version=1,
            municipality=HEPPENHEIM if district == BERGSTRASSE else HANAU_TOWN,
            languages=(language,),
            preferred_language=language,
            consents=tuple(consents if consents is not None else ALL_CONSENTS),
        )
        await publish_and_wait(competence, "person_registered", event)
        return person_id

    return make


@pytest.fixture
def change_consents(competence: Runtime) -> ChangeConsents:
    """Intake's ConsentChanged on the broker; waits until it is handled."""

    async def change(person_id: UUID, consents: list[str], version: int) -> None:
        event = ConsentChanged(
            district=BERGSTRASSE, person_id=person_id, aggregate_version=version, consents=tuple(consents)
        )
        await publish_and_wait(competence, "consent_changed", event)

    return change


@pytest.fixture
def identify(competence: Runtime) -> Identify:
    """Intake's PersonIdentified on the broker (Amina Rahimi, born March 1994, unless told
    otherwise); waits until it is handled."""

    async def name(
        person_id: UUID,
        *,
        original: str = "أمينة رحيمي",
        latin: str | None = "Amina Rahimi",
        born: DateOfBirth | None = MARCH_1994,
        version: int = 1,
        district: str = BERGSTRASSE,
    ) -> PersonIdentified:
        event = PersonIdentified(
            district=district,
            person_id=person_id,
            aggregate_version=version,
            name_original=original,
            name_latin=latin,
            date_of_birth=born,
        )
        await publish_and_wait(competence, "person_identified", event)
        return event

    return name


class PdfText:
    """The text a PDF tool (pypdf) reads back, without the invisible bidi controls."""

    def __init__(self, pdf: bytes) -> None:
        assert pdf.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(pdf))
        self.pages = len(reader.pages)
        self.text = _visible("\n".join(page.extract_text() for page in reader.pages))
        self.words = set(self.text.replace(":", " ").split())

    def has(self, phrase: str) -> bool:
        """Every word of `phrase` is there. Right-to-left lines come out of a PDF in visual order,
        so their words are checked one by one rather than as one sequence."""
        return all(word in self.words for word in _visible(phrase).replace(":", " ").split())


def _visible(text: str) -> str:
    # Format characters (bidi isolates, the Persian zero-width non-joiner) are invisible.
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())


@pytest.fixture
def read_pdf() -> Callable[[bytes], PdfText]:
    return PdfText


@pytest.fixture
def samples() -> dict[str, dict[str, Any]]:
    """One valid entry of each kind, as a case manager would send it (the package's samples)."""
    return {kind.value: entry for kind, entry in sample_entries().items()}
