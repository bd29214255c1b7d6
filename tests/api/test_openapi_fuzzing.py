"""Every installed service answers whatever its OpenAPI document allows (and what it does not)
without a server error, and as the document says: declared status codes, content types,
headers and bodies. Each service first gets a few things that exist (its demo data, a record,
a share link, a printed code), so generated requests reach past the 404 of an unknown id."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import pytest

from wir_competence.demo import sample_entries
from wir_competence.domain.entries import Kind
from wir_competence.main import build as competence
from wir_contracts.intake.v1 import PersonContactChanged, PersonRegistered
from wir_intake.main import build as intake
from wir_interpreting.main import build as interpreting
from wir_kit.runtime import Runtime
from wir_kit.service import ServiceSpec
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM
from wir_kit.testing.examples import golden
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.service import bearer, http_client, publish_and_wait, rows
from wir_matching.main import build as matching
from wir_notifications.main import build as notifications

if TYPE_CHECKING:
    from conftest import Fuzz

#: A caller who passes every route's role check: staff of the district and a registered person.
ROLES = ("coordinator", "case_manager", "person")
SUBJECT = "6f1c2a3e-0d4b-4c5a-9e7f-8a9b0c1d2e3f"


@pytest.mark.parametrize("service", ["intake", "competence", "matching", "interpreting", "notifications"])
async def test_the_service_keeps_to_its_openapi_document(
    service: str, wir_settings: SettingsFactory, wir_runtime: RuntimeFactory, fuzz: Fuzz
) -> None:
    build, things = SERVICES[service]
    runtime = await wir_runtime(build(), wir_settings(service))
    known = await things(runtime)

    failures = await fuzz(runtime, known, bearer(runtime, *ROLES, sub=SUBJECT))

    assert not failures, "\n\n".join(failures)


async def _intake_things(runtime: Runtime) -> dict[str, str]:
    assert runtime.spec.seed_demo is not None
    await runtime.spec.seed_demo(runtime.db)
    staff = bearer(runtime, *ROLES, sub=SUBJECT)
    async with http_client(runtime) as http:
        people = (await http.get("/persons", headers=staff)).json()["items"]
        records = [(await http.get(f"/persons/{p['id']}", headers=staff)).json() for p in people]
        household = next(r for r in records if r.get("household_id"))
        needy = [(await http.get(f"/persons/{p['id']}/needs", headers=staff)).json() for p in people]
        need = next(n for found in needy for n in (found["items"] if isinstance(found, dict) else found))
    return {"person_id": household["id"], "household_id": household["household_id"], "need_id": need["id"]}


async def _competence_things(runtime: Runtime) -> dict[str, str]:
    person_id = await _registered(runtime)
    staff = bearer(runtime, *ROLES, sub=SUBJECT)
    async with http_client(runtime) as http:
        added = await http.post(
            f"/records/{person_id}/entries", json=sample_entries()[Kind.WORK], headers=staff
        )
        share = await http.post(
            f"/records/{person_id}/shares",
            json={
                "sections": ["work"],
                "recipient_organisation": "Elektro Muster GmbH",
                "recipient_email": "hr@example.org",
                "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
            },
            headers=staff,
        )
        printed = await http.get(f"/records/{person_id}/document.pdf", headers=staff)
    assert (added.status_code, share.status_code, printed.status_code) == (201, 201, 200), share.text
    [document] = await rows(runtime, BERGSTRASSE, "SELECT code FROM documents")
    return {
        "person_id": str(person_id),
        "entry_id": added.json()["entry_id"],
        "share_id": share.json()["share_id"],
        "token": share.json()["url"].rsplit("/", 1)[-1],
        "code": document["code"],
    }


async def _registered(runtime: Runtime) -> UUID:
    event = golden(
        PersonRegistered,
        district=BERGSTRASSE,
        person_id=UUID(SUBJECT),
        municipality=HEPPENHEIM,
        consents=["processing", "share_with_employers", "contact_email"],
    )
    await publish_and_wait(runtime, "person_registered", event)
    return event.person_id


async def _notifications_things(runtime: Runtime) -> dict[str, str]:
    """The caller is a registered person too: their welcome is in their own inbox."""
    person_id = await _registered(runtime)
    contact = golden(PersonContactChanged, district=BERGSTRASSE, person_id=person_id)
    await publish_and_wait(runtime, "person_contact_changed", contact)
    [message] = await rows(runtime, BERGSTRASSE, "SELECT notification_id FROM notifications LIMIT 1")
    return {"person_id": str(person_id), "notification_id": str(message["notification_id"])}


async def _matching_things(runtime: Runtime) -> dict[str, str]:
    """The demo volunteers; the fuzzed runs and answers work on them."""
    assert runtime.spec.seed_demo is not None
    await runtime.spec.seed_demo(runtime.db)
    [volunteer] = await rows(runtime, BERGSTRASSE, "SELECT volunteer_id FROM volunteers LIMIT 1")
    return {"volunteer_id": str(volunteer["volunteer_id"])}


async def _interpreting_things(runtime: Runtime) -> dict[str, str]:
    """The demo pool and one appointment a demo interpreter was asked to confirm (the fuzzed
    steps and answer links work on it)."""
    assert runtime.spec.seed_demo is not None
    await runtime.spec.seed_demo(runtime.db)
    # A weekday morning a week ahead: past any lead time, inside the demo interpreters' hours.
    day = datetime.now(UTC).date() + timedelta(days=7)
    day += timedelta(days=(7 - day.weekday()) % 7)  # a Monday
    starts_at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
    request = {
        "language": "prs",
        "mode": "phone",
        "venue": "jobcenter",
        "remote_link": "+4962511234567",
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=1)).isoformat(),
    }
    async with http_client(runtime) as http:
        asked = await http.post("/appointments", json=request, headers=bearer(runtime, *ROLES, sub=SUBJECT))
    assert asked.status_code == 201, asked.text
    [assigned] = await rows(
        runtime, BERGSTRASSE, "SELECT payload FROM outbox WHERE event_type = 'interpreter_assigned'"
    )
    answer_url = json.loads(assigned["payload"])["answer_url"]
    return {
        "appointment_id": asked.json()["appointment_id"],
        "interpreter_id": json.loads(assigned["payload"])["interpreter_id"],
        "token": answer_url.rsplit("/", 1)[-1],
        "month": starts_at.strftime("%Y-%m"),
    }


#: Each service's composition root, and what exists in it before the fuzzing starts.
SERVICES: dict[str, tuple[Callable[[], ServiceSpec], Callable[[Runtime], Awaitable[dict[str, str]]]]] = {
    "intake": (intake, _intake_things),
    "competence": (competence, _competence_things),
    "matching": (matching, _matching_things),
    "interpreting": (interpreting, _interpreting_things),
    "notifications": (notifications, _notifications_things),
}
