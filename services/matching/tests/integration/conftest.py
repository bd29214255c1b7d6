"""Fixtures of matching's integration tests: the service on the real PostgreSQL and RabbitMQ, its
HTTP app, tokens, volunteers registered through the API, people through intake's events, and
matches written straight into their table (to see what withdrawals do to them).

The generic parts (publishing as a producer, the outbox, tokens, the HTTP client) are the kit's
harness (`wir_kit.testing`); what is here is matching's own.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from wir_contracts.intake.v1 import LanguageLevel, Need, NeedsRecorded, PersonRegistered, SpokenLevel
from wir_contracts.needs import MentoringTopic, NeedKind
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU_TOWN, HEPPENHEIM
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.service import bearer, http_client, publish_and_wait
from wir_matching.db import volunteers
from wir_matching.main import build
from wir_matching.settings import MatchingSettings

from .proposal_fixtures import PUBLIC_URL, SLOW

ALL_CONSENTS = ("processing", "share_with_volunteers")
DOCUMENTS = ("criminal_record_certificate", "confidentiality_declaration")

Headers = Callable[..., dict[str, str]]
CreateVolunteer = Callable[..., Awaitable[UUID]]
RegisterPerson = Callable[..., Awaitable[UUID]]
RecordNeeds = Callable[..., Awaitable[None]]
InsertMatch = Callable[..., Awaitable[UUID]]


@pytest.fixture
def matching_settings() -> MatchingSettings:
    # Runs are asked for after every change; an hour's debounce keeps them from starting during a
    # test, so what a test sees is what its own handlers and commands did.
    return MatchingSettings(run_debounce_s=3600.0)


@pytest.fixture
async def matching(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory, matching_settings: MatchingSettings
) -> Runtime:
    """Matching without its periodic jobs: a test runs the job it is about itself, once."""
    spec = dataclasses.replace(build(matching_settings), background=())
    return await wir_runtime(spec, wir_settings(service="matching"))


@pytest.fixture
async def http(matching: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(matching) as client:
        yield client


@pytest.fixture
def headers(matching: Runtime) -> Headers:
    """`bearer` of this service: `headers()` for a coordinator, `headers("volunteer", sub=...)`."""

    def make(*roles: str, **kwargs: Any) -> dict[str, str]:
        return bearer(matching, *(roles or ("coordinator",)), **kwargs)

    return make


async def service_today(runtime: Runtime, district: str = BERGSTRASSE) -> date:
    """The service's calendar day, as its documents are judged by (tests never read the clock)."""
    async with runtime.db.transaction(district) as tx:
        return await volunteers.today(tx)


def profile(**changes: Any) -> dict[str, Any]:
    """A valid volunteer profile of Kreis Bergstraße, as a coordinator sends it."""
    body: dict[str, Any] = {
        "contact": {
            "display_name": "Jutta Weber",
            "email": "jutta.weber@example.org",
            "mobile": "+4915100000002",
            "channels": ["email", "inbox"],
        },
        "preferred_language": "deu",
        "languages": [{"language": "deu", "native": True}, {"language": "fas", "level": "B2"}],
        "municipality": HEPPENHEIM,
        "travel_km": 15,
        "topics": ["authorities", "housing"],
        "capacity": 2,
        "weekly": [{"weekday": 0, "start": "17:00", "end": "19:00"}],
        "absences": [{"first_day": "2026-12-24", "last_day": "2027-01-02"}],
        "gender": "female",
        "lotse_trained_on": "2025-03-15",
        "share_contact": {"display_name": "Jutta", "mobile": "+4915100000002", "channels": ["sms"]},
    }
    body.update(copy.deepcopy(changes))
    return body


@pytest.fixture
def create_volunteer(matching: Runtime, http: httpx.AsyncClient, headers: Headers) -> CreateVolunteer:
    """Register a volunteer through the API as a coordinator of `district`, with valid compliance
    documents unless `documents=False`; their id."""

    async def create(*, district: str = BERGSTRASSE, documents: bool = True, **changes: Any) -> UUID:
        if district != BERGSTRASSE:
            changes.setdefault("municipality", HANAU_TOWN)
        coordinator = headers(district=district)
        answer = await http.post("/volunteers", json=profile(**changes), headers=coordinator)
        assert answer.status_code == 201, answer.text
        volunteer_id = UUID(answer.json()["volunteer_id"])
        if documents:
            valid = {
                "expires_on": (await service_today(matching, district) + timedelta(days=365)).isoformat()
            }
            for kind in DOCUMENTS:
                url = f"/volunteers/{volunteer_id}/documents/{kind}"
                recorded = await http.put(url, json=valid, headers=coordinator)
                assert recorded.status_code == 200, recorded.text
        return volunteer_id

    return create


@pytest.fixture
def register_person(matching: Runtime) -> RegisterPerson:
    """Register a person through intake's event on the broker; waits until it is handled."""

    async def register(
        *,
        person_id: UUID | None = None,
        consents: Sequence[str] = ALL_CONSENTS,
        district: str = BERGSTRASSE,
        version: int = 1,
    ) -> UUID:
        person_id = person_id or uuid4()
        event = PersonRegistered(
            district=district,
            person_id=person_id,
            aggregate_version=version,
            municipality=HEPPENHEIM if district == BERGSTRASSE else HANAU_TOWN,
            languages=("prs", "deu", "eng"),
            preferred_language="prs",
            language_levels=(
                LanguageLevel(language="prs", level=SpokenLevel.NATIVE),
                LanguageLevel(language="eng", level=SpokenLevel.GOOD),
            ),
            consents=tuple(consents),
        )
        await publish_and_wait(matching, "person_registered", event)
        return person_id

    return register


def mentoring(need_id: UUID | None = None, **fields: Any) -> Need:
    """A mentoring need as intake lists it."""
    return Need(
        need_id=need_id or uuid4(),
        kind=NeedKind.MENTORING,
        topics=fields.pop("topics", (MentoringTopic.AUTHORITIES, MentoringTopic.HOUSING)),
        **fields,
    )


@pytest.fixture
def record_needs(matching: Runtime) -> RecordNeeds:
    """Intake's NeedsRecorded (every open need of the person) on the broker; waits until handled."""

    async def record(
        person_id: UUID, needs: Sequence[Need], version: int, district: str = BERGSTRASSE
    ) -> None:
        event = NeedsRecorded(
            district=district, person_id=person_id, aggregate_version=version, needs=tuple(needs)
        )
        await publish_and_wait(matching, "needs_recorded", event)

    return record


@pytest.fixture
def insert_match(matching: Runtime) -> InsertMatch:
    """A match as the assignment or an answer would leave it, written straight into the table."""

    async def insert(
        person_id: UUID,
        need_id: UUID,
        volunteer_id: UUID,
        *,
        state: str = "proposed",
        district: str = BERGSTRASSE,
    ) -> UUID:
        match_id = uuid4()
        async with matching.db.transaction(district) as tx:
            await tx.execute(
                "INSERT INTO matches (district, match_id, version, person_id, need_id, volunteer_id, state,"
                " score, reasons, respond_by)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, 1.0, '[]', now() + interval '7 days')",
                district,
                match_id,
                1 if state == "proposed" else 2,
                person_id,
                need_id,
                volunteer_id,
                state,
            )
        return match_id

    return insert


async def match_states(
    runtime: Runtime, *match_ids: UUID, district: str = BERGSTRASSE
) -> list[tuple[str, str | None]]:
    """(state, withdraw_reason) of each match, in the order given."""
    async with runtime.db.transaction(district) as tx:
        found = {
            row["match_id"]: (row["state"], row["withdraw_reason"])
            for row in await tx.fetch(
                "SELECT match_id, state, withdraw_reason FROM matches WHERE match_id = ANY($1::uuid[])",
                list(match_ids),
            )
        }
    return [found[match_id] for match_id in match_ids]


# The proposal tests' matching: its periodic jobs run only when a test calls them (the service
# fixture starts none, and the intervals are long should one be started elsewhere).
@pytest.fixture(name="proposal_settings")
def proposal_settings_fixture() -> MatchingSettings:
    return MatchingSettings(
        public_url=PUBLIC_URL,
        run_debounce_s=0.0,
        run_check_interval_s=SLOW,
        expiry_check_interval_s=SLOW,
        compliance_check_interval_s=SLOW,
        waiting_check_interval_s=SLOW,
    )


@pytest.fixture(name="service")
async def service_fixture(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory, proposal_settings: MatchingSettings
) -> Runtime:
    # Without its jobs: a start pass racing a test's own call would serve what the test wrote.
    spec = dataclasses.replace(build(proposal_settings), background=())
    return await wir_runtime(spec, wir_settings(service="matching"))


@pytest.fixture(name="client")
async def client_fixture(service: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(service) as client:
        yield client


@pytest.fixture(name="auth")
def auth_fixture(service: Runtime) -> Callable[..., dict[str, str]]:
    """`auth("coordinator")`, `auth("volunteer", sub=str(volunteer_id))`, `auth(district=...)`."""
    return partial(bearer, service)
